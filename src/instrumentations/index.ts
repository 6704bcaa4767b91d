/**
 * The client instrumentations: one folder per client, registered here. Adding a client is a
 * folder (its SDK's life cycle translated into tracker calls through shared/) and a line below.
 *
 * @module
 */
import type { Instrumentation } from '@opentelemetry/instrumentation'
import { VercelAiInstrumentation } from './ai/index.js'
import { AnthropicInstrumentation } from './anthropic/index.js'
import { LangChainInstrumentation } from './langchain/index.js'
import { McpInstrumentation } from './mcp/index.js'
import { OpenAIInstrumentation } from './openai/index.js'
import { OpenAIAgentsInstrumentation } from './openai-agents/index.js'

export { llmeterEmbeddingMiddleware, llmeterMiddleware, VercelAiInstrumentation } from './ai/index.js'
export { AnthropicInstrumentation } from './anthropic/index.js'
export { instrument } from './instrument.js'
export { LangChainInstrumentation } from './langchain/index.js'
export { McpInstrumentation } from './mcp/index.js'
export { OpenAIInstrumentation } from './openai/index.js'
export { OpenAIAgentsInstrumentation } from './openai-agents/index.js'

/** One of each client instrumentation, not yet enabled (the lifecycle registers them). */
export function createLlmInstrumentations(): Instrumentation[] {
  return [
    new OpenAIInstrumentation({ enabled: false }),
    new AnthropicInstrumentation({ enabled: false }),
    new VercelAiInstrumentation({ enabled: false }),
    new LangChainInstrumentation({ enabled: false }),
    new McpInstrumentation({ enabled: false }),
    new OpenAIAgentsInstrumentation({ enabled: false }),
  ]
}
