// @langchain/core at the high end of the LangChain hook's range: the plain name, the release the
// rest of the tests use, which llmeter's handler imports as it is.
import * as manager from '@langchain/core/callbacks/manager'
import * as chatModels from '@langchain/core/language_models/chat_models'
import * as messages from '@langchain/core/messages'
import * as outputs from '@langchain/core/outputs'
import * as handler from '../../src/instrumentations/langchain/handler.js'
import { langchainSuite } from './support/langchain-suite.js'
import { MATRIX } from './support/matrix.js'

langchainSuite('high', MATRIX.langchain.high, { chatModels, manager, messages, outputs, handler })
