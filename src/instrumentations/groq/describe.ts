/**
 * What a Groq `chat.completions.create` call is before it is sent: model, server, whether it
 * streams, and how to record its result. Groq always sends a stream's usage (in its last chunk),
 * so unlike OpenAI nothing is added to the request.
 *
 * @module
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { endpointOf } from '../shared/endpoint.js'
import { observeStreamObject } from '../shared/stream-observer.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { groqStreamHandlers } from './streams.js'
import { groqUsage } from './usage.js'

type Body = Record<string, any>

/** `chat.completions.create(body, options)`. */
export function describeChat(client: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const { address, port } = endpointOf((client as Body | undefined)?.baseURL)
  const streaming = body.stream === true
  return {
    call: {
      provider: GEN_AI_PROVIDER.groq,
      model: body.model,
      operation: GEN_AI_OPERATION.chat,
      serverAddress: address,
      serverPort: port,
    },
    streaming,
    onValue: streaming
      ? (stream, call, lifetime) => {
          if (!observeStreamObject(stream, groqStreamHandlers(call), lifetime)) call.end()
        }
      : (value, call) => {
          const v = value as Body | undefined
          call.end({ usage: groqUsage(v?.usage), responseModel: v?.model })
        },
  }
}
