// @langchain/core at the low end of the LangChain hook's range. llmeter's handler imports
// BaseCallbackHandler from '@langchain/core': here that import is the low release, as in an app on it.

import * as manager from '@langchain/core-low/callbacks/manager'
import * as chatModels from '@langchain/core-low/language_models/chat_models'
import * as messages from '@langchain/core-low/messages'
import * as outputs from '@langchain/core-low/outputs'
import { vi } from 'vitest'
import * as handler from '../../src/instrumentations/langchain/handler.js'
import { langchainSuite } from './support/langchain-suite.js'
import { MATRIX } from './support/matrix.js'

vi.mock('@langchain/core/callbacks/base', () => import('@langchain/core-low/callbacks/base'))

langchainSuite('low', MATRIX.langchain.low, { chatModels, manager, messages, outputs, handler })
