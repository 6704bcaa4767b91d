/**
 * The client instrumentations: one folder per client, registered here. Adding a client is a
 * folder (its SDK's life cycle translated into tracker calls through shared/) and a line below.
 *
 * @module
 */
import type { Instrumentation } from '@opentelemetry/instrumentation'
import { VercelAiInstrumentation } from './ai/index.js'
import { AnthropicInstrumentation } from './anthropic/index.js'
import { CohereInstrumentation } from './cohere/index.js'
import { GroqInstrumentation } from './groq/index.js'
import { LangChainInstrumentation } from './langchain/index.js'
import { MistralInstrumentation } from './mistral/index.js'
import { OllamaInstrumentation } from './ollama/index.js'
import { OpenAIInstrumentation } from './openai/index.js'

export { llmeterEmbeddingMiddleware, llmeterMiddleware, VercelAiInstrumentation } from './ai/index.js'
export { AnthropicInstrumentation } from './anthropic/index.js'
export { CohereInstrumentation } from './cohere/index.js'
export { GroqInstrumentation } from './groq/index.js'
export { type InstrumentOptions, instrument } from './instrument.js'
export { LangChainInstrumentation } from './langchain/index.js'
export { MistralInstrumentation } from './mistral/index.js'
export { OllamaInstrumentation } from './ollama/index.js'
export { OpenAIInstrumentation } from './openai/index.js'

/** One of each client instrumentation, not yet enabled (the lifecycle registers them). */
export function createLlmInstrumentations(): Instrumentation[] {
  return [
    new OpenAIInstrumentation({ enabled: false }),
    new AnthropicInstrumentation({ enabled: false }),
    new VercelAiInstrumentation({ enabled: false }),
    new LangChainInstrumentation({ enabled: false }),
    new OllamaInstrumentation({ enabled: false }),
    new GroqInstrumentation({ enabled: false }),
    new MistralInstrumentation({ enabled: false }),
    new CohereInstrumentation({ enabled: false }),
  ]
}
