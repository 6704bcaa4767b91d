/**
 * Patches `@google/genai`'s `Models`. Its public `generateContent`, `generateContentStream` and
 * `embedContent` are arrow functions each instance gets in its constructor (nothing on the
 * prototype to patch); they reach the API through the prototype methods `generateContentInternal`,
 * `generateContentStreamInternal` and `embedContentInternal`, one per HTTP request. Those are
 * patched: on `Models.prototype` (automatic mode, every client, Gemini API and Vertex AI alike) or
 * on one client's `models` (`instrument(client)`). Chats (`chats.create().sendMessage` and
 * `sendMessageStream`) call the same `Models` instance, so they are covered; a request the SDK
 * repeats on its own (automatic function calling turns, continuation hops) is one call per request,
 * each with the usage of its own response.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import type { RecorderSource } from '../../recording/registry.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import type { Describe } from '../shared/patch-method.js'
import { runTracked } from '../shared/tracked-call.js'
import { hookApiCalls } from './attempts.js'
import { describeEmbed, describeGenerate, describeGenerateStream } from './describe.js'

const WRAPPED = Symbol.for('llmeter.genai-wrapped')

type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: Method }

/** The patched methods and what each request is. */
const METHODS: readonly [string, Describe][] = [
  ['generateContentInternal', describeGenerate],
  ['generateContentStreamInternal', describeGenerateStream],
  ['embedContentInternal', describeEmbed],
]

function tracked(original: Method, describe: Describe, recorder: RecorderSource): Method {
  const wrapped: Method = function (this: { apiClient?: unknown } | undefined, ...args: unknown[]) {
    guard('hooking Gemini attempts', () => hookApiCalls(this?.apiClient))
    return runTracked(original, this, args, undefined, () => describe(this, args), recorder)
  }
  wrapped[WRAPPED] = original
  return wrapped
}

/** Wraps each method of `owner` not wrapped yet; true when any was. */
function wrapMethods(owner: any, recorder: RecorderSource): boolean {
  if (!owner || typeof owner !== 'object') return false
  let any = false
  for (const [name, describe] of METHODS) {
    const method = owner[name] as Method | undefined
    if (typeof method !== 'function' || method[WRAPPED]) continue
    owner[name] = tracked(method, describe, recorder)
    any = true
  }
  return any
}

/** Patches `Models.prototype` from the `@google/genai` module's exports. */
export function patchGenAIExports(exports: unknown, recorder: RecorderSource): void {
  wrapMethods((exports as any)?.Models?.prototype, recorder)
}

/** Undoes {@link patchGenAIExports}. */
export function unpatchGenAIExports(exports: unknown): void {
  const proto = (exports as any)?.Models?.prototype
  if (!proto) return
  for (const [name] of METHODS) {
    const method = proto[name] as Method | undefined
    if (typeof method === 'function' && method[WRAPPED]) proto[name] = method[WRAPPED]
  }
}

/** True when `client` looks like a `GoogleGenAI` instance. */
function isGenAIClient(client: any): boolean {
  return (
    typeof client?.models?.generateContent === 'function' &&
    typeof client?.models?.generateContentInternal === 'function' &&
    typeof client?.chats?.create === 'function'
  )
}

/** Patches one client's `models` (explicit mode); its chats use the same instance. */
function patchGenAIClient(client: any, recorder: RecorderSource): void {
  wrapMethods(client?.models, recorder)
  hookApiCalls(client?.models?.apiClient)
}

/** `@google/genai`'s `GoogleGenAI` instances, for `instrument()`. */
export const genAIClient: ExplicitClient = {
  name: '@google/genai',
  matches: isGenAIClient,
  patch: patchGenAIClient,
}
