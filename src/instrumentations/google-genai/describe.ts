/**
 * What a Gemini request is before it is sent: provider (`gcp.vertex_ai` when the client runs in
 * Vertex AI mode, `gcp.gemini` otherwise), model, server (from the base URL the client's
 * `ApiClient` uses: `httpOptions.baseUrl` or the mode's default host), whether it streams, and how
 * to record its result. The operation is `generate_content`, the conventions' name for Gemini's
 * Generate Content (chats included), and `embeddings`. A model given as a resource name
 * (`models/gemini-2.5-flash`, `projects/p/locations/l/publishers/google/models/gemini-2.5-flash`)
 * is recorded by its id, the name the price catalog and dashboards know it by. Recording a result never throws: the request
 * runner calls it in a promise continuation the host does not see, where a throw would be an
 * unhandled rejection.
 *
 * @module
 */
import { guard, guarded } from '../../internal/guard.js'
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { LlmCallOptions } from '../../tracking/llm-call.js'
import { endpointOf } from '../shared/endpoint.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { observeGenerator } from './streams.js'
import { embedUsage, geminiUsage } from './usage.js'

type Params = Record<string, any>

interface ApiClientLike {
  isVertexAI?: () => boolean
  getBaseUrl?: () => string
}

/** The model id of a model name or resource name. */
function modelId(model: unknown): unknown {
  if (typeof model !== 'string') return model
  const at = model.lastIndexOf('models/')
  // Only a whole path segment (`tunedModels/123`, a tuned model's name, is kept as it is).
  if (at < 0 || (at > 0 && model[at - 1] !== '/')) return model
  return model.slice(at + 'models/'.length) || model
}

/** Provider, model and server of a call made through `models` (a `Models` instance). */
function target(models: unknown, params: Params, operation: string): LlmCallOptions {
  const api = (models as { apiClient?: ApiClientLike } | undefined)?.apiClient
  const vertex = guarded('reading the Gemini client mode', () => api?.isVertexAI?.() === true, false)
  const baseUrl = guarded('reading the Gemini base URL', () => api?.getBaseUrl?.(), undefined)
  const { address, port } = endpointOf(baseUrl)
  return {
    provider: vertex ? GEN_AI_PROVIDER.gcpVertexAi : GEN_AI_PROVIDER.gcpGemini,
    model: modelId(params.model) as string | undefined,
    operation,
    serverAddress: address,
    serverPort: port,
  }
}

function paramsOf(args: unknown[]): Params | undefined {
  const params = args[0]
  return params && typeof params === 'object' ? (params as Params) : undefined
}

/** `generateContentInternal(params)`: one `generateContent` request. */
export function describeGenerate(models: unknown, args: unknown[]): CallPlan | undefined {
  const params = paramsOf(args)
  if (!params) return undefined
  return {
    call: target(models, params, GEN_AI_OPERATION.generateContent),
    streaming: false,
    onValue: (value, call) => {
      const v = value as Params | undefined
      guard('reading a Gemini response', () =>
        call.end({ usage: geminiUsage(v?.usageMetadata), responseModel: v?.modelVersion }),
      )
      if (!call.ended) call.end()
    },
  }
}

/** `generateContentStreamInternal(params)`: one `streamGenerateContent` request. */
export function describeGenerateStream(models: unknown, args: unknown[]): CallPlan | undefined {
  const params = paramsOf(args)
  if (!params) return undefined
  return {
    call: target(models, params, GEN_AI_OPERATION.generateContent),
    streaming: true,
    onValue: (stream, call) => {
      const signal = params.config?.abortSignal
      const observed = guarded(
        'observing a Gemini stream',
        () => observeGenerator(stream, call, signal),
        false,
      )
      if (!observed) call.end()
    },
  }
}

/** `embedContentInternal(params)`: one embedding request. */
export function describeEmbed(models: unknown, args: unknown[]): CallPlan | undefined {
  const params = paramsOf(args)
  if (!params) return undefined
  return {
    call: target(models, params, GEN_AI_OPERATION.embeddings),
    streaming: false,
    onValue: (value, call) => {
      guard('reading a Gemini embedding', () => call.end({ usage: embedUsage(value as Params | undefined) }))
      if (!call.ended) call.end()
    },
  }
}
