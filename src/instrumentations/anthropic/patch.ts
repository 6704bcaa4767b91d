/**
 * Patches `@anthropic-ai/sdk`: `Messages.prototype.create` and `Beta.Messages.prototype.create`
 * (automatic mode, every client instance), or one client's `messages` and `beta.messages`
 * (`instrument(client)`). `messages.stream()` and the tool runner call `create`, so they are
 * covered by the same patch.
 *
 * @module
 */

import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { unwrapCreate, wrapCreate } from '../shared/patch-method.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { describeMessages } from './describe.js'

function anthropicClass(exports: any): any {
  return exports?.Anthropic ?? exports?.default ?? exports
}

/** Patches the prototypes reachable from the `@anthropic-ai/sdk` module's exports. */
export function patchAnthropicExports(exports: unknown, recorder: RecorderSource): void {
  const Anthropic = anthropicClass(exports)
  if (wrapCreate(Anthropic?.Messages?.prototype, describeMessages, recorder))
    markSdkPatched(GEN_AI_PROVIDER.anthropic)
  wrapCreate(Anthropic?.Beta?.Messages?.prototype, describeMessages, recorder)
}

/** Undoes {@link patchAnthropicExports}. */
export function unpatchAnthropicExports(exports: unknown): void {
  const Anthropic = anthropicClass(exports)
  if (unwrapCreate(Anthropic?.Messages?.prototype)) unmarkSdkPatched(GEN_AI_PROVIDER.anthropic)
  unwrapCreate(Anthropic?.Beta?.Messages?.prototype)
}

/** True when `client` looks like an Anthropic client instance (it has `messages`, no `chat`). */
function isAnthropicClient(client: any): boolean {
  return typeof client?.messages?.create === 'function' && !client?.chat
}

/** Patches one client instance's resources (explicit mode). */
function patchAnthropicClient(client: any, recorder: RecorderSource): void {
  wrapCreate(client?.messages, describeMessages, recorder)
  wrapCreate(client?.beta?.messages, describeMessages, recorder)
}

/** `@anthropic-ai/sdk`'s `Anthropic` instances, for `instrument()`. */
export const anthropicClient: ExplicitClient = {
  name: '@anthropic-ai/sdk',
  matches: isAnthropicClient,
  patch: patchAnthropicClient,
}
