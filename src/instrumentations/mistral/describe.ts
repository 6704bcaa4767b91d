/**
 * What a Mistral call is before it is sent: model, server (the client's base URL, or the call's
 * `serverURL` option), operation, whether it streams, and how to record its result. `chat.complete`
 * and `chat.parse` resolve to a completion, `chat.stream` and `chat.parseStream` to an
 * `EventStream`, `embeddings.create` to an embeddings response; all are plain promises.
 *
 * @module
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { plainPlan, streamPlan, usageAndModel } from '../shared/call-plans.js'
import { endpointOf } from '../shared/endpoint.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { hookMistralAttempts } from './attempts.js'
import { chatStreamHandlers } from './streams.js'
import { mistralEmbeddingsUsage, mistralUsage } from './usage.js'

type Body = Record<string, any>

function request(self: unknown, args: unknown[], operation: string) {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  hookMistralAttempts(self)
  const base = (args[1] as Body | undefined)?.serverURL ?? (self as Body | undefined)?._baseURL
  const { address, port } = endpointOf(base === undefined || base === null ? undefined : String(base))
  return {
    provider: GEN_AI_PROVIDER.mistralAi,
    model: body.model,
    operation,
    serverAddress: address,
    serverPort: port,
  }
}

/** `chat.complete(request, options)` and `chat.parse`. */
export function describeComplete(self: unknown, args: unknown[]): CallPlan | undefined {
  const call = request(self, args, GEN_AI_OPERATION.chat)
  if (!call) return undefined
  return plainPlan(call, usageAndModel(mistralUsage))
}

/** `chat.stream(request, options)` and `chat.parseStream`. */
export function describeStream(self: unknown, args: unknown[]): CallPlan | undefined {
  const call = request(self, args, GEN_AI_OPERATION.chat)
  if (!call) return undefined
  return streamPlan(call, chatStreamHandlers)
}

/** `embeddings.create(request, options)`. */
export function describeEmbeddings(self: unknown, args: unknown[]): CallPlan | undefined {
  const call = request(self, args, GEN_AI_OPERATION.embeddings)
  if (!call) return undefined
  return plainPlan(call, usageAndModel(mistralEmbeddingsUsage))
}
