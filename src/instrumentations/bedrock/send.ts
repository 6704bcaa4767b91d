/**
 * `client.send(command)` as one tracked LLM call. `send` resolves with the command's output (or
 * calls the host's callback with it); llmeter watches that side-channel and returns the very
 * promise (or `undefined`, in the callback form) the SDK returns. The call runs in
 * `llmCallContext`, so the per-attempt middleware (attempts.ts) credits its HTTP attempts to it, a
 * `send` already tracked further out (an explicitly instrumented client on top of the automatic
 * patch) passes through, and the host's callback runs outside it. The wrapper is marked, so
 * wrapping twice is a no-op.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import { guard } from '../../internal/guard.js'
import type { RecorderSource } from '../../recording/registry.js'
import { llmCallContext } from '../../tracking/context.js'
import { type LlmCall, startLlmCall } from '../../tracking/llm-call.js'
import { addAttemptMiddleware } from './attempts.js'
import { describeCommand, type SendPlan } from './describe.js'
import { bedrockErrorType } from './errors.js'

const WRAPPED = Symbol.for('llmeter.bedrock.send')

export type Send = ((this: unknown, command: unknown, ...rest: unknown[]) => unknown) & { [WRAPPED]?: Send }
type Callback = (error: unknown, output?: unknown) => unknown

/** True when `send` is a wrapper made by {@link trackedSend}. */
export function isTracked(send: unknown): boolean {
  return typeof send === 'function' && (send as Send)[WRAPPED] !== undefined
}

/** The `send` a wrapper was made from (itself when it is not one). */
export function untrackedSend(send: Send): Send {
  return send[WRAPPED] ?? send
}

function refuse(error: Error, rest: unknown[]): unknown {
  const callback = rest.find((arg) => typeof arg === 'function') as Callback | undefined
  if (!callback) return Promise.reject(error)
  // As the SDK does with its callbacks, a callback that throws is not rethrown.
  queueMicrotask(() => guard('a refused Bedrock call', () => callback(error)))
  return undefined
}

function start(client: unknown, command: unknown, recorder: RecorderSource) {
  try {
    const plan = describeCommand(client, command)
    if (!plan) return undefined
    const call = startLlmCall(plan.call, recorder())
    addAttemptMiddleware(client)
    return { plan, call }
  } catch (err) {
    log.debug('could not start tracking a Bedrock call', err)
    return undefined
  }
}

/** The host's `abortSignal`, from `send(command, options)`. */
function signalOf(rest: unknown[]): AbortSignal | undefined {
  const options = rest[0] as { abortSignal?: unknown } | undefined
  const signal = options && typeof options === 'object' ? options.abortSignal : undefined
  return signal instanceof AbortSignal ? signal : undefined
}

function recorded(plan: SendPlan, call: LlmCall, signal: AbortSignal | undefined) {
  return {
    output: (output: unknown) => {
      try {
        plan.onOutput(output, call, signal)
      } catch (err) {
        log.debug('recording a Bedrock output failed', err)
      }
    },
    error: (error: unknown) => call.fail(error, bedrockErrorType(error)),
  }
}

/** A `send` that tracks the model-invoking commands; `original` is kept on it for unwrapping. */
export function trackedSend(original: Send, recorder: RecorderSource): Send {
  if (original[WRAPPED]) return original
  const wrapped: Send = function (this: unknown, command, ...rest) {
    if (llmCallContext.getStore()) return original.call(this, command, ...rest)
    const started = start(this, command, recorder)
    if (!started || started.call.ended) {
      if (started?.call.blockedBy) return refuse(started.call.blockedBy, rest)
      return original.call(this, command, ...rest)
    }
    const { plan, call } = started
    const on = recorded(plan, call, signalOf(rest))
    const args = rest.slice()
    const at = args.findIndex((arg) => typeof arg === 'function')
    if (at >= 0) {
      const callback = args[at] as Callback
      args[at] = (error: unknown, output: unknown) => {
        if (error) on.error(error)
        else on.output(output)
        return llmCallContext.exit(() => callback(error, output))
      }
    }
    let result: unknown
    try {
      result = llmCallContext.run(call, () => original.call(this, command, ...args))
    } catch (error) {
      on.error(error)
      throw error
    }
    if (at < 0) Promise.resolve(result).then(on.output, on.error)
    return result
  }
  wrapped[WRAPPED] = original
  return wrapped
}
