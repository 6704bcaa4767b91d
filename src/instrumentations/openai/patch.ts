/**
 * Patches the OpenAI client classes: `Chat.Completions`, `Completions` (legacy text completions),
 * `Responses`, `Beta.Responses` (where the installed version has it) and `Embeddings` `create`,
 * on their prototypes (automatic mode, every client instance, `AzureOpenAI` included) or on one
 * client's resources (`instrument(client)`). Both go through `runTracked`, so a call is counted
 * once even when both apply.
 *
 * @module
 */

import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { unwrapCreate, wrapCreate } from '../shared/patch-method.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { describeChat, describeEmbeddings, describeResponses, describeTextCompletion } from './describe.js'

/** The providers whose calls the openai patch records. */
const PROVIDERS = [GEN_AI_PROVIDER.openai, GEN_AI_PROVIDER.azureOpenai]

/** The OpenAI class of a module's exports (CommonJS object or ES module namespace). */
function openAIClass(exports: any): any {
  return exports?.OpenAI ?? exports?.default ?? exports
}

/** Patches the prototypes reachable from the `openai` module's exports. */
export function patchOpenAIExports(exports: unknown, recorder: RecorderSource): void {
  const OpenAI = openAIClass(exports)
  if (wrapCreate(OpenAI?.Chat?.Completions?.prototype, describeChat, recorder)) markSdkPatched(...PROVIDERS)
  wrapCreate(OpenAI?.Completions?.prototype, describeTextCompletion, recorder)
  wrapCreate(OpenAI?.Responses?.prototype, describeResponses, recorder)
  wrapCreate(OpenAI?.Beta?.Responses?.prototype, describeResponses, recorder)
  wrapCreate(OpenAI?.Embeddings?.prototype, describeEmbeddings, recorder)
}

/** Undoes {@link patchOpenAIExports}. */
export function unpatchOpenAIExports(exports: unknown): void {
  const OpenAI = openAIClass(exports)
  if (unwrapCreate(OpenAI?.Chat?.Completions?.prototype)) unmarkSdkPatched(...PROVIDERS)
  unwrapCreate(OpenAI?.Completions?.prototype)
  unwrapCreate(OpenAI?.Responses?.prototype)
  unwrapCreate(OpenAI?.Beta?.Responses?.prototype)
  unwrapCreate(OpenAI?.Embeddings?.prototype)
}

/** True when `client` looks like an OpenAI (or AzureOpenAI) client instance. */
function isOpenAIClient(client: any): boolean {
  return typeof client?.chat?.completions?.create === 'function'
}

/** Patches one client instance's resources (explicit mode). */
function patchOpenAIClient(client: any, recorder: RecorderSource): void {
  wrapCreate(client?.chat?.completions, describeChat, recorder)
  wrapCreate(client?.completions, describeTextCompletion, recorder)
  wrapCreate(client?.responses, describeResponses, recorder)
  wrapCreate(client?.beta?.responses, describeResponses, recorder)
  wrapCreate(client?.embeddings, describeEmbeddings, recorder)
}

/** `openai`'s `OpenAI` and `AzureOpenAI` instances, for `instrument()`. */
export const openAIClient: ExplicitClient = {
  name: 'openai',
  matches: isOpenAIClient,
  patch: patchOpenAIClient,
}
