// @langchain/langgraph at the low end of the tested range (the alias @langchain/langgraph-low).
import * as graph from '@langchain/langgraph-low'
import * as prebuilt from '@langchain/langgraph-low/prebuilt'
import { langgraphSuite } from './support/langgraph-suite.js'
import { MATRIX } from './support/matrix.js'

langgraphSuite('low', MATRIX.langgraph.low, { graph, prebuilt })
