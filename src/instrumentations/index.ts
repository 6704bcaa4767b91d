/**
 * The automatic LLM client instrumentations the register entry and `start()` enable.
 *
 * @module
 */
import type { Instrumentation } from '@opentelemetry/instrumentation'
import { VercelAiInstrumentation } from './ai/index.js'
import { AnthropicInstrumentation } from './anthropic/anthropic.js'
import { LangChainInstrumentation } from './langchain/index.js'
import { OpenAIInstrumentation } from './openai/index.js'

export { llmeterEmbeddingMiddleware, llmeterMiddleware, VercelAiInstrumentation } from './ai/index.js'
export { AnthropicInstrumentation } from './anthropic/anthropic.js'
export { instrument } from './instrument.js'
export { OpenAIInstrumentation } from './openai/index.js'

/** One of each automatic LLM client instrumentation. */
export function createLlmInstrumentations(): Instrumentation[] {
  return [
    new OpenAIInstrumentation(),
    new AnthropicInstrumentation(),
    new VercelAiInstrumentation(),
    new LangChainInstrumentation(),
  ]
}
