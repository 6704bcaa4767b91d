/**
 * The OpenAI provider's model classes (`OpenAIResponsesModel`, `OpenAIChatCompletionsModel` of
 * `@openai/agents-openai`): each `getResponse` / `getStreamedResponse` of a run runs inside the
 * run's current agent invocation, so the `openai` client call it makes, which the openai patch
 * records (once: the agents SDK records no LLM call itself), counts as that invocation's
 * inference call. A streamed response is an async generator whose body runs in whoever calls
 * `next()`, so every step of the very iterator it returns is entered in the invocation too.
 *
 * @module
 */
import type { AgentInvocation } from '../../tracking/agent.js'
import { unwrapMethod, wrapMethod } from '../shared/own-method.js'
import { currentRun } from './run-scope.js'

const MODEL_CLASSES = ['OpenAIResponsesModel', 'OpenAIChatCompletionsModel'] as const

function invocationNow(): AgentInvocation | undefined {
  return currentRun()?.current?.invocation
}

/**
 * Enters `invocation` on every step of `iterator`, on the iterator itself (its own `next`,
 * `return` and `throw`), so the runner gets back the very generator object the model returned.
 */
function enterSteps(iterator: any, invocation: AgentInvocation): void {
  for (const key of ['next', 'return', 'throw'] as const) {
    const step = iterator[key]
    if (typeof step !== 'function') continue
    iterator[key] = (arg?: unknown) => invocation.run(() => step.call(iterator, arg))
  }
}

/** Patches the model classes found in a module's exports (`@openai/agents` or `-openai`). */
export function patchModels(exports: any): void {
  for (const name of MODEL_CLASSES) {
    const proto = exports?.[name]?.prototype
    wrapMethod(
      proto,
      'getResponse',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const invocation = invocationNow()
          return invocation ? invocation.run(() => original.apply(this, args)) : original.apply(this, args)
        },
    )
    wrapMethod(
      proto,
      'getStreamedResponse',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const invocation = invocationNow()
          const iterator = original.apply(this, args)
          if (invocation && iterator && typeof iterator.next === 'function') {
            try {
              enterSteps(iterator, invocation)
            } catch {
              // A frozen iterator stays as it is: its calls are then not the invocation's.
            }
          }
          return iterator
        },
    )
  }
}

/** Undoes {@link patchModels}. */
export function unpatchModels(exports: any): void {
  for (const name of MODEL_CLASSES) {
    unwrapMethod(exports?.[name]?.prototype, 'getResponse')
    unwrapMethod(exports?.[name]?.prototype, 'getStreamedResponse')
  }
}
