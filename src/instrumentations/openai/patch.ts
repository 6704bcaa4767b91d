/**
 * Patches the OpenAI client classes: `Chat.Completions`, `Responses` and `Embeddings` `create`,
 * on their prototypes (automatic mode, every client instance, `AzureOpenAI` included) or on one
 * client's resources (`instrument(client)`). Both go through `runTracked`, so a call is counted
 * once even when both apply.
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { unwrapCreate, wrapCreate } from '../shared/patch-method.js'
import { markSdkPatched } from '../shared/sdk-patched.js'
import { describeChat, describeEmbeddings, describeResponses } from './describe.js'

/** The OpenAI class of a module's exports (CommonJS object or ES module namespace). */
function openAIClass(exports: any): any {
  return exports?.OpenAI ?? exports?.default ?? exports
}

/** Patches the prototypes reachable from the `openai` module's exports. */
export function patchOpenAIExports(exports: unknown): void {
  const OpenAI = openAIClass(exports)
  wrapCreate(OpenAI?.Chat?.Completions?.prototype, describeChat)
  wrapCreate(OpenAI?.Responses?.prototype, describeResponses)
  wrapCreate(OpenAI?.Embeddings?.prototype, describeEmbeddings)
  if (OpenAI?.Chat?.Completions) markSdkPatched(GEN_AI_PROVIDER.openai, GEN_AI_PROVIDER.azureOpenai)
}

/** Undoes {@link patchOpenAIExports}. */
export function unpatchOpenAIExports(exports: unknown): void {
  const OpenAI = openAIClass(exports)
  unwrapCreate(OpenAI?.Chat?.Completions?.prototype)
  unwrapCreate(OpenAI?.Responses?.prototype)
  unwrapCreate(OpenAI?.Embeddings?.prototype)
}

/** True when `client` looks like an OpenAI (or AzureOpenAI) client instance. */
export function isOpenAIClient(client: any): boolean {
  return typeof client?.chat?.completions?.create === 'function'
}

/** Patches one client instance's resources (explicit mode). */
export function patchOpenAIClient(client: any): void {
  wrapCreate(client?.chat?.completions, describeChat)
  wrapCreate(client?.responses, describeResponses)
  wrapCreate(client?.embeddings, describeEmbeddings)
}
