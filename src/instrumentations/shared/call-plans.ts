/**
 * The two usual shapes of a {@link CallPlan} (tracked-call.ts): a plain request, whose parsed
 * value ends the call with what is read from it, and a stream the host consumes with `for await`
 * (Mistral's `EventStream`, Cohere's `Stream`: iterable-observer.ts), which the call follows until
 * it is consumed or dropped. A client's describe.ts says only how to read its values.
 *
 * @module
 */
import type { LlmCall, LlmCallOptions, LlmCallResult } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { observeAsyncIterable } from './iterable-observer.js'
import { CallLifetime } from './lifetime.js'
import type { StreamHandlers } from './stream-observer.js'
import type { CallPlan } from './tracked-call.js'

type Body = Record<string, any>

/** A plan for a call that is not streamed: its parsed value ends it with `result(value)`. */
export function plainPlan(
  call: LlmCallOptions,
  result: (value: Body | undefined) => LlmCallResult,
): CallPlan {
  return {
    call,
    streaming: false,
    onValue: (value, tracked: LlmCall) => tracked.end(result(value as Body | undefined)),
  }
}

/**
 * A plan for a streamed call whose value is an async-iterable stream: the stream reports to
 * `handlers(tracked)` and keeps the call alive while the host holds it. A value that cannot be
 * observed ends the call at once (without usage).
 */
export function streamPlan<T>(
  call: LlmCallOptions,
  handlers: (tracked: LlmCall) => StreamHandlers<T>,
): CallPlan {
  return {
    call,
    streaming: true,
    onValue: (stream, tracked: LlmCall) => {
      const lifetime = new CallLifetime(tracked, true)
      if (!observeAsyncIterable(stream, handlers(tracked), lifetime)) tracked.end()
    },
  }
}

/**
 * Reads the result of a response that carries its usage in `usage` and names its model in
 * `model` (Mistral, Groq, Anthropic): `toUsage` converts the client's usage object.
 */
export function usageAndModel(
  toUsage: (usage: Body | undefined) => LlmUsage | undefined,
): (value: Body | undefined) => LlmCallResult {
  return (value) => ({ usage: toUsage(value?.usage), responseModel: value?.model })
}
