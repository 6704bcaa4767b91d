/**
 * Patches the OpenAI client classes: `Chat.Completions`, `Responses` and `Embeddings` `create`,
 * on their prototypes (automatic mode, every client instance) or on one client's resources
 * (`instrument(client)`). Both go through `runTracked`, so a call is counted once even when both
 * apply.
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { markSdkPatched } from '../shared/sdk-patched.js'
import { type CallPlan, runTracked } from '../shared/tracked-call.js'
import { describeChat, describeEmbeddings, describeResponses } from './describe.js'

const WRAPPED = Symbol.for('llmeter.wrapped')

type Describe = (client: unknown, args: unknown[]) => CallPlan | undefined
type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: Method }

/** A `create` that tracks the call; `original` is kept on it for unwrapping. */
export function trackedCreate(original: Method, describe: Describe): Method {
  if (original[WRAPPED]) return original
  const wrapped: Method = function (this: { _client?: unknown }, ...args: unknown[]) {
    const client = this?._client
    return runTracked(original, this, args, client, () => describe(client, args))
  }
  wrapped[WRAPPED] = original
  return wrapped
}

/** Restores a method wrapped by {@link trackedCreate}. */
export function untracked(method: Method): Method {
  return method[WRAPPED] ?? method
}

function wrapOn(owner: any, describe: Describe): void {
  if (owner && typeof owner.create === 'function') owner.create = trackedCreate(owner.create, describe)
}

function unwrapOn(owner: any): void {
  if (owner && typeof owner.create === 'function') owner.create = untracked(owner.create)
}

/** The OpenAI class of a module's exports (CommonJS object or ES module namespace). */
function openAIClass(exports: any): any {
  return exports?.OpenAI ?? exports?.default ?? exports
}

/** Patches the prototypes reachable from the `openai` module's exports. */
export function patchOpenAIExports(exports: unknown): void {
  const OpenAI = openAIClass(exports)
  wrapOn(OpenAI?.Chat?.Completions?.prototype, describeChat)
  wrapOn(OpenAI?.Responses?.prototype, describeResponses)
  wrapOn(OpenAI?.Embeddings?.prototype, describeEmbeddings)
  if (OpenAI?.Chat?.Completions) markSdkPatched(GEN_AI_PROVIDER.openai, GEN_AI_PROVIDER.azureOpenai)
}

export function unpatchOpenAIExports(exports: unknown): void {
  const OpenAI = openAIClass(exports)
  unwrapOn(OpenAI?.Chat?.Completions?.prototype)
  unwrapOn(OpenAI?.Responses?.prototype)
  unwrapOn(OpenAI?.Embeddings?.prototype)
}

/** Patches one client instance's resources (explicit mode). */
export function patchOpenAIClient(client: any): void {
  wrapOn(client?.chat?.completions, describeChat)
  wrapOn(client?.responses, describeResponses)
  wrapOn(client?.embeddings, describeEmbeddings)
}
