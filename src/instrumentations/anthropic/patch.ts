/**
 * Patches `@anthropic-ai/sdk`: `Messages.prototype.create` and `Beta.Messages.prototype.create`
 * (automatic mode, every client instance), or one client's `messages` and `beta.messages`
 * (`instrument(client)`). `messages.stream()` and the tool runner call `create`, so they are
 * covered by the same patch.
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { unwrapCreate, wrapCreate } from '../shared/patch-method.js'
import { markSdkPatched } from '../shared/sdk-patched.js'
import { describeMessages } from './describe.js'

function anthropicClass(exports: any): any {
  return exports?.Anthropic ?? exports?.default ?? exports
}

/** Patches the prototypes reachable from the `@anthropic-ai/sdk` module's exports. */
export function patchAnthropicExports(exports: unknown): void {
  const Anthropic = anthropicClass(exports)
  wrapCreate(Anthropic?.Messages?.prototype, describeMessages)
  wrapCreate(Anthropic?.Beta?.Messages?.prototype, describeMessages)
  if (Anthropic?.Messages) markSdkPatched(GEN_AI_PROVIDER.anthropic)
}

/** Undoes {@link patchAnthropicExports}. */
export function unpatchAnthropicExports(exports: unknown): void {
  const Anthropic = anthropicClass(exports)
  unwrapCreate(Anthropic?.Messages?.prototype)
  unwrapCreate(Anthropic?.Beta?.Messages?.prototype)
}

/** True when `client` looks like an Anthropic client instance (it has `messages`, no `chat`). */
export function isAnthropicClient(client: any): boolean {
  return typeof client?.messages?.create === 'function' && !client?.chat
}

/** Patches one client instance's resources (explicit mode). */
export function patchAnthropicClient(client: any): void {
  wrapCreate(client?.messages, describeMessages)
  wrapCreate(client?.beta?.messages, describeMessages)
}
