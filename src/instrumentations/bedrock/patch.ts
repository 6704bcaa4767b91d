/**
 * Patches `@aws-sdk/client-bedrock-runtime`: `BedrockRuntimeClient.prototype.send` (automatic mode,
 * every client instance, the aggregated `BedrockRuntime` class included: its methods call `send`),
 * or one client's `send` (`instrument(client)`). `send` is inherited from the Smithy `Client` base,
 * shared by every AWS client, so the automatic patch defines its own `send` on the Bedrock
 * prototype rather than touching the base.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { addAttemptMiddleware } from './attempts.js'
import { isTracked, type Send, trackedSend, untrackedSend } from './send.js'

function clientPrototype(exports: unknown): { send?: Send } | undefined {
  const Client = (exports as { BedrockRuntimeClient?: unknown } | undefined)?.BedrockRuntimeClient
  return typeof Client === 'function' ? (Client.prototype as { send?: Send }) : undefined
}

/** Patches `BedrockRuntimeClient.prototype.send` of the module's exports. */
export function patchBedrockExports(exports: unknown, recorder: RecorderSource): void {
  const proto = clientPrototype(exports)
  if (!proto || typeof proto.send !== 'function' || isTracked(proto.send)) return
  proto.send = trackedSend(proto.send, recorder)
  markSdkPatched(GEN_AI_PROVIDER.awsBedrock)
}

/** Undoes {@link patchBedrockExports}. */
export function unpatchBedrockExports(exports: unknown): void {
  const proto = clientPrototype(exports)
  if (!proto || !isTracked(proto.send)) return
  const original = untrackedSend(proto.send!)
  if (Object.getPrototypeOf(proto)?.send === original) delete proto.send
  else proto.send = original
  unmarkSdkPatched(GEN_AI_PROVIDER.awsBedrock)
}

/** True for a Bedrock Runtime client instance (`BedrockRuntimeClient` or `BedrockRuntime`). */
function isBedrockClient(client: any): boolean {
  return (
    typeof client?.send === 'function' &&
    typeof client?.middlewareStack?.add === 'function' &&
    client?.config?.serviceId === 'Bedrock Runtime'
  )
}

/** Patches one client instance (explicit mode). */
function patchBedrockClient(client: any, recorder: RecorderSource): void {
  if (!isTracked(client.send)) client.send = trackedSend(client.send, recorder)
  addAttemptMiddleware(client)
}

/** `@aws-sdk/client-bedrock-runtime` clients, for `instrument()`. */
export const bedrockClient: ExplicitClient = {
  name: '@aws-sdk/client-bedrock-runtime',
  matches: isBedrockClient,
  patch: patchBedrockClient,
}
