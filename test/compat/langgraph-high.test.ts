// @langchain/langgraph at the high end of the tested range.
import * as graph from '@langchain/langgraph'
import * as prebuilt from '@langchain/langgraph/prebuilt'
import { langgraphSuite } from './support/langgraph-suite.js'
import { MATRIX } from './support/matrix.js'

langgraphSuite('high', MATRIX.langgraph.high, { graph, prebuilt })
