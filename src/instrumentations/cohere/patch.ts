/**
 * Patches `cohere-ai`'s v2 client. `CohereClientV2` binds `chat`, `chatStream` and `embed` of its
 * inner `V2Client` when it is constructed, so automatic mode patches `V2Client.prototype` in the
 * module that defines it (`api/resources/v2/client/Client.js`), before any client exists; that
 * also covers `new CohereClient().v2`. `instrument(client)` replaces one `CohereClientV2`'s own
 * bound methods. Both go through `runTracked`, so a call is counted once even when both apply.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { unwrapMethod, wrapMethod } from '../shared/tracked-method.js'
import { cohereFetchOwner } from './attempts.js'
import { describeChat, describeChatStream, describeEmbed } from './describe.js'

type Describe = (v2: unknown, args: unknown[]) => CallPlan | undefined

/** The v2 methods that are LLM calls. */
const METHODS: Readonly<Record<string, Describe>> = {
  chat: describeChat,
  chatStream: describeChatStream,
  embed: describeEmbed,
}

/** Patches `V2Client.prototype` of the v2 client module's exports. */
export function patchCohereV2Exports(exports: unknown, recorder: RecorderSource): unknown {
  const proto = (exports as { V2Client?: { prototype?: unknown } } | undefined)?.V2Client?.prototype
  let wrapped = false
  for (const [name, describe] of Object.entries(METHODS)) {
    if (wrapMethod(proto, name, { describe, fetchOwner: cohereFetchOwner }, recorder)) wrapped = true
  }
  if (wrapped) markSdkPatched(GEN_AI_PROVIDER.cohere)
  return exports
}

/** Undoes {@link patchCohereV2Exports}. */
export function unpatchCohereV2Exports(exports: unknown): void {
  const proto = (exports as { V2Client?: { prototype?: unknown } } | undefined)?.V2Client?.prototype
  let unwrapped = false
  for (const name of Object.keys(METHODS)) if (unwrapMethod(proto, name)) unwrapped = true
  if (unwrapped) unmarkSdkPatched(GEN_AI_PROVIDER.cohere)
}

/** True when `client` looks like a `CohereClientV2` (its bound v2 methods and inner client). */
function isCohereV2Client(client: any): boolean {
  return (
    typeof client?.chat === 'function' &&
    typeof client?.chatStream === 'function' &&
    typeof client?.embed === 'function' &&
    typeof client?.clientV2 === 'object'
  )
}

/** Patches one `CohereClientV2`'s own methods (explicit mode). */
function patchCohereV2Client(client: any, recorder: RecorderSource): void {
  const v2 = client.clientV2
  for (const [name, describe] of Object.entries(METHODS)) {
    wrapMethod(
      client,
      name,
      { describe: (_self, args) => describe(v2, args), fetchOwner: () => cohereFetchOwner(v2) },
      recorder,
    )
  }
}

/** `cohere-ai`'s `CohereClientV2` instances, for `instrument()`. */
export const cohereClient: ExplicitClient = {
  name: 'cohere-ai',
  matches: isCohereV2Client,
  patch: patchCohereV2Client,
}
