/**
 * What an Anthropic `messages.create` call is before it is sent: model, server, whether it
 * streams, and how to record its result. `messages.stream()` goes through `messages.create` with
 * `stream: true`, so it is described here too.
 *
 * @module
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { endpointOf } from '../shared/endpoint.js'
import { observeStreamObject } from '../shared/stream-observer.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { messageStreamHandlers } from './streams.js'
import { anthropicUsage } from './usage.js'

type Body = Record<string, any>

/** `messages.create(body, options)` (and `beta.messages.create`). */
export function describeMessages(client: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const { address, port } = endpointOf((client as Body | undefined)?.baseURL)
  const streaming = body.stream === true
  return {
    call: {
      provider: GEN_AI_PROVIDER.anthropic,
      model: body.model,
      operation: GEN_AI_OPERATION.chat,
      serverAddress: address,
      serverPort: port,
    },
    streaming,
    onValue: streaming
      ? (stream, call, lifetime) => {
          if (!observeStreamObject(stream, messageStreamHandlers(call), lifetime)) call.end()
        }
      : (value, call) => {
          const v = value as Body | undefined
          call.end({ usage: anthropicUsage(v?.usage), responseModel: v?.model })
        },
  }
}
