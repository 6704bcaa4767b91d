/**
 * The OpenAI provider's model classes (`OpenAIResponsesModel`, `OpenAIChatCompletionsModel` of
 * `@openai/agents-openai`): each `getResponse` / `getStreamedResponse` of a run runs inside the
 * run's current agent invocation, so the `openai` client call it makes, which the openai patch
 * records (once: the agents SDK records no LLM call itself), counts as that invocation's
 * inference call. A streamed response is an async generator whose body runs in whoever calls
 * `next()`, so every step of the iterator is entered in the invocation too.
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

function enteredIterator(iterator: any, invocation: AgentInvocation): any {
  const step = (key: 'next' | 'return' | 'throw') => (arg?: unknown) =>
    invocation.run(() => iterator[key](arg))
  const wrapped: any = { next: step('next') }
  if (typeof iterator.return === 'function') wrapped.return = step('return')
  if (typeof iterator.throw === 'function') wrapped.throw = step('throw')
  wrapped[Symbol.asyncIterator] = () => wrapped
  return wrapped
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
          if (!invocation || !iterator || typeof iterator.next !== 'function') return iterator
          return enteredIterator(iterator, invocation)
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
