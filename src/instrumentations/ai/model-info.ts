/**
 * What llmeter reads from an AI SDK model object: `provider` (`openai.chat`, `anthropic.messages`,
 * ...), `modelId`, and where it sends requests (`config.baseURL`, or `config.url()` for the
 * providers that build URLs with a function; both are the providers' own fields, read
 * defensively). Computed once per model object.
 *
 * @module
 */
import { GEN_AI_OPERATION } from '../../semconv/attributes.js'
import type { LlmCallOptions } from '../../tracking/llm-call.js'
import { endpointOf, providerForHost } from '../shared/endpoint.js'
import { providerName } from '../shared/provider-names.js'

interface AiModel {
  provider?: unknown
  modelId?: unknown
  config?: { baseURL?: unknown; url?: (options: { path: string; modelId: string }) => unknown }
}

const cache = new WeakMap<object, LlmCallOptions>()

function baseUrlOf(model: AiModel): unknown {
  const config = model.config
  if (!config || typeof config !== 'object') return undefined
  if (typeof config.baseURL === 'string') return config.baseURL
  if (typeof config.url === 'function') {
    try {
      return config.url({ path: '', modelId: String(model.modelId ?? '') })
    } catch {
      return undefined
    }
  }
  return undefined
}

function describe(model: AiModel, operation: string): LlmCallOptions {
  let provider = providerName(model.provider)
  let modelId = typeof model.modelId === 'string' ? model.modelId : undefined
  // The AI Gateway names models `creator/model`: the creator is the provider that serves it.
  if (provider === 'gateway' && modelId?.includes('/')) {
    const slash = modelId.indexOf('/')
    provider = providerName(modelId.slice(0, slash))
    modelId = modelId.slice(slash + 1)
  }
  const { address, port } = endpointOf(baseUrlOf(model))
  if (provider === 'openai') provider = providerForHost(address, provider, port)
  return { provider, model: modelId, operation, serverAddress: address, serverPort: port }
}

/**
 * The call options for a model object (`gen_ai.operation.name` `chat` for language models,
 * `embeddings` for embedding models).
 *
 * @example
 * callOptionsFor(openai.chat('gpt-4o-mini'), 'chat')
 * // { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat', serverAddress: 'api.openai.com', serverPort: 443 }
 */
export function callOptionsFor(model: unknown, operation: string = GEN_AI_OPERATION.chat): LlmCallOptions {
  if (!model || typeof model !== 'object') return { provider: providerName(undefined), operation }
  let options = cache.get(model)
  if (!options || options.operation !== operation) {
    options = describe(model as AiModel, operation)
    cache.set(model, options)
  }
  return options
}
