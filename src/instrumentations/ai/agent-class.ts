/**
 * The AI SDK's agent class (`ToolLoopAgent`, exported also as `Experimental_Agent`): the patched
 * export is a subclass, so instances stay `instanceof` the original. Each `generate()` or
 * `stream()` is one `invoke_agent` (`gen_ai.agent.name` from the agent's `id`, else its class
 * name; `gen_ai.request.model` and `gen_ai.provider.name` from its model), its model steps are
 * counted as the invocation's inference calls (the middleware's calls start inside it) and its
 * tools are measured (tools.ts), in the call the agent prepares, so `agent.tools` stays the host's.
 *
 * `generate()` ends with the promise it returns. `stream()` ends through the call's `onEnd`
 * (the host's own `onEnd` or `onFinish` still runs, with the same event), through the agent's
 * `onError` and `onAbort`, or, for a stream the host dropped unread, when its result is
 * garbage-collected (as `cancelled`).
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { RecorderSource } from '../../recording/registry.js'
import { ERROR_TYPE } from '../../semconv/error-types.js'
import { type AgentInvocation, startAgent } from '../../tracking/agent.js'
import { currentAgent } from '../../tracking/context.js'
import { forget, whenCollected } from '../shared/lifetime.js'
import { callOptionsFor } from './model-info.js'
import { withTools } from './tools.js'

type Fn = (...args: any[]) => any
type Callback = ((event: unknown) => unknown) | undefined
type AgentLike = { settings?: Record<string, unknown> }
type AgentClass = new (...args: any[]) => AgentLike

const ORIGINAL = Symbol.for('llmeter.ai.original')

function startFor(agent: AgentLike, recorder: RecorderSource): AgentInvocation {
  const settings = agent.settings ?? {}
  const id = settings.id
  const name = typeof id === 'string' && id.length > 0 ? id : agent.constructor.name
  const { provider, model } = callOptionsFor(settings.model)
  return startAgent(name, { provider, model }, recorder())
}

/** Ends `invocation` from the callbacks of one `stream()`; the host's callback runs as before. */
function endingCallbacks(invocation: AgentInvocation, options: Record<string, unknown>) {
  const host = (options.onEnd ?? options.onFinish) as Callback
  return {
    ...options,
    onEnd: (event: unknown) => {
      forget(invocation)
      invocation.end()
      return host?.(event)
    },
  }
}

/**
 * The agent class with measured runs; `swap` wraps its model with llmeter's middleware and
 * `settings` goes to the original constructor otherwise unchanged.
 */
export function measuredAgentClass(
  Original: Fn,
  swapModel: (settings: unknown) => unknown,
  recorder: RecorderSource,
) {
  if ((Original as { [ORIGINAL]?: unknown })[ORIGINAL]) return Original
  // Invocations of streams in flight, by the agent scope their callbacks run in.
  const streaming = new WeakMap<object, AgentInvocation>()
  const Base = Original as unknown as AgentClass
  const Agent = class extends Base {
    constructor(settings: unknown, ...rest: unknown[]) {
      super(swapModel(settings), ...rest)
      try {
        const own = this.settings
        if (own) {
          for (const key of ['onError', 'onAbort'] as const) {
            const host = own[key] as Callback
            own[key] = (event: unknown) => {
              const scope = currentAgent()
              const invocation = scope ? streaming.get(scope) : undefined
              if (invocation) {
                forget(invocation)
                const error = (event as { error?: unknown } | undefined)?.error
                invocation.fail(error, key === 'onAbort' ? ERROR_TYPE.cancelled : undefined)
              }
              return host?.(event)
            }
          }
        }
      } catch (err) {
        log.debug('could not observe an AI SDK agent', err)
      }
    }

    async prepareCall(options: unknown) {
      const call = await (Base.prototype as unknown as { prepareCall: Fn }).prepareCall.call(this, options)
      return withTools(call, currentAgent(), recorder)
    }

    generate(options: unknown) {
      const invocation = startFor(this, recorder)
      const generate = (Base.prototype as unknown as { generate: Fn }).generate
      return invocation
        .run(() => generate.call(this, options))
        .then(
          (result: unknown) => {
            invocation.end()
            return result
          },
          (error: unknown) => {
            invocation.fail(error)
            throw error
          },
        )
    }

    stream(options: unknown) {
      const invocation = startFor(this, recorder)
      const stream = (Base.prototype as unknown as { stream: Fn }).stream
      const given = options && typeof options === 'object' ? (options as Record<string, unknown>) : {}
      streaming.set(invocation.scope, invocation)
      return invocation
        .run(() => stream.call(this, endingCallbacks(invocation, given)))
        .then(
          (result: unknown) => {
            whenCollected(result, () => invocation.fail(undefined, ERROR_TYPE.cancelled), invocation)
            return result
          },
          (error: unknown) => {
            forget(invocation)
            invocation.fail(error)
            throw error
          },
        )
    }
  }
  Object.defineProperty(Agent, 'name', { value: Original.name })
  ;(Agent as unknown as { [ORIGINAL]: Fn })[ORIGINAL] = Original
  return Agent as unknown as Fn
}
