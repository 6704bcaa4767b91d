/**
 * What a Cohere v2 call is before it is sent: model, server (the client's `baseUrl`, else its
 * `environment`, else Cohere's production URL), operation, whether it streams, and how to record
 * its result. Each method returns the SDK's `HttpResponsePromise`, a Promise subclass: it is
 * observed as a plain promise (its `then` resolves to the parsed body), so `withRawResponse()` and
 * the object itself stay the host's.
 *
 * @module
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { plainPlan, streamPlan } from '../shared/call-plans.js'
import { endpointOf } from '../shared/endpoint.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { chatStreamHandlers } from './streams.js'
import { cohereEmbedUsage, cohereUsage } from './usage.js'

type Body = Record<string, any>

/** Cohere's production API, where the SDK sends requests when the client names no other. */
const PRODUCTION_URL = 'https://api.cohere.com'

function request(v2: unknown, args: unknown[], operation: string) {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const options = (v2 as { _options?: Body } | undefined)?._options
  // `baseUrl` and `environment` may be functions (suppliers) the SDK calls per request: only a
  // string is read here.
  const base = [options?.baseUrl, options?.environment].find((v) => typeof v === 'string') ?? PRODUCTION_URL
  const { address, port } = endpointOf(base)
  return {
    provider: GEN_AI_PROVIDER.cohere,
    model: body.model,
    operation,
    serverAddress: address,
    serverPort: port,
  }
}

/** `chat(request, requestOptions)`. */
export function describeChat(v2: unknown, args: unknown[]): CallPlan | undefined {
  const call = request(v2, args, GEN_AI_OPERATION.chat)
  if (!call) return undefined
  return plainPlan(call, (value) => ({ usage: cohereUsage(value?.usage) }))
}

/** `chatStream(request, requestOptions)`: resolves to the SDK's `Stream` of events. */
export function describeChatStream(v2: unknown, args: unknown[]): CallPlan | undefined {
  const call = request(v2, args, GEN_AI_OPERATION.chat)
  if (!call) return undefined
  return streamPlan(call, chatStreamHandlers)
}

/** `embed(request, requestOptions)`. */
export function describeEmbed(v2: unknown, args: unknown[]): CallPlan | undefined {
  const call = request(v2, args, GEN_AI_OPERATION.embeddings)
  if (!call) return undefined
  return plainPlan(call, (value) => ({ usage: cohereEmbedUsage(value?.meta) }))
}
