/**
 * What a chat call is before it is sent, for clients whose call takes one body that names the
 * `model` and asks for a stream with `stream: true`, goes to the client's `baseURL`, and resolves
 * to a response carrying `usage` and `model` or to the SDK's `Stream` object
 * (stream-observer.ts `observeStreamObject`): Anthropic's `messages.create` and Groq's
 * `chat.completions.create`. The client says only its provider, how to read its usage and how to
 * watch its stream.
 *
 * @module
 */
import { GEN_AI_OPERATION } from '../../semconv/attributes.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { plainPlan, usageAndModel } from './call-plans.js'
import { endpointOf } from './endpoint.js'
import { observeStreamObject, type StreamHandlers } from './stream-observer.js'
import type { CallPlan } from './tracked-call.js'

type Body = Record<string, any>

/** How one client's chat call is recorded. */
export interface ChatRequestClient<T> {
  /** `gen_ai.provider.name`. */
  provider: string
  /** Converts the client's `usage` object. */
  usage(usage: Body | undefined): LlmUsage | undefined
  /** The handlers that record a stream of the call into `call`. */
  handlers(call: LlmCall): StreamHandlers<T>
}

/**
 * The plan of a chat call `(body, options)` made on `client`, or undefined when there is no body
 * to read.
 */
export function describeChatRequest<T>(
  client: unknown,
  args: unknown[],
  spec: ChatRequestClient<T>,
): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const { address, port } = endpointOf((client as Body | undefined)?.baseURL)
  const call = {
    provider: spec.provider,
    model: body.model,
    operation: GEN_AI_OPERATION.chat,
    serverAddress: address,
    serverPort: port,
  }
  if (body.stream !== true) return plainPlan(call, usageAndModel(spec.usage))
  return {
    call,
    streaming: true,
    onValue: (stream, tracked, lifetime) => {
      if (!observeStreamObject(stream, spec.handlers(tracked), lifetime)) tracked.end()
    },
  }
}
