/**
 * Patches the Ollama client's `chat`, `generate`, `embed` and `embeddings`: on the prototype that defines them
 * (automatic mode: the node `Ollama` class inherits them from the browser one, so patching there
 * covers both and the package's default instance), or on one client instance (`instrument()`).
 * Ollama's methods live on the client itself, not on resource objects, so the client is `this`.
 * Both paths go through `runTracked`, so a call is counted once even when both apply.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import type { Describe } from '../shared/patch-method.js'
import { OWN_PROVIDER } from '../shared/provider-names.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { runTracked } from '../shared/tracked-call.js'
import { describeChat, describeEmbed, describeGenerate } from './describe.js'

// The key patch-method.ts marks its wrappers with, so a method wrapped there or here is
// recognised by both.
const WRAPPED = Symbol.for('llmeter.wrapped')

type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: Method }

const METHODS: readonly [string, Describe][] = [
  ['chat', describeChat],
  ['generate', describeGenerate],
  ['embed', describeEmbed],
  // The older `/api/embeddings` (the only one in 0.5.0): one vector, no token counts.
  ['embeddings', describeEmbed],
]

function tracked(original: Method, describe: Describe, recorder: RecorderSource): Method {
  const wrapped: Method = function (this: unknown, ...args: unknown[]) {
    return runTracked(original, this, args, this, () => describe(this, args), recorder)
  }
  wrapped[WRAPPED] = original
  return wrapped
}

/** Wraps the methods `owner` has; true when it wrapped `chat`. */
function wrap(owner: any, recorder: RecorderSource): boolean {
  let chat = false
  for (const [name, describe] of METHODS) {
    const method = owner?.[name]
    if (typeof method === 'function' && !method[WRAPPED]) {
      owner[name] = tracked(method, describe, recorder)
      if (name === 'chat') chat = true
    }
  }
  return chat
}

/** The prototype that defines `chat` (the browser client's, under the node one). */
function definingPrototype(Ollama: any): any {
  for (
    let proto = Ollama?.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (Object.hasOwn(proto, 'chat')) return proto
  }
  return undefined
}

/** Patches the prototype reachable from the `ollama` module's exports (CommonJS or ES module). */
export function patchOllamaExports(exports: unknown, recorder: RecorderSource): void {
  // LangChain's ChatOllama calls this client: its handler leaves the call to this patch.
  if (wrap(definingPrototype((exports as any)?.Ollama), recorder)) markSdkPatched(OWN_PROVIDER.ollama)
}

/** Undoes {@link patchOllamaExports}. */
export function unpatchOllamaExports(exports: unknown): void {
  const proto = definingPrototype((exports as any)?.Ollama)
  for (const [name] of METHODS) {
    const method = proto?.[name]
    if (typeof method === 'function' && method[WRAPPED]) {
      proto[name] = method[WRAPPED]
      if (name === 'chat') unmarkSdkPatched(OWN_PROVIDER.ollama)
    }
  }
}

/** True for an Ollama client instance: its own methods and its formatted host. */
function isOllamaClient(client: any): boolean {
  return (
    typeof client?.chat === 'function' &&
    typeof client?.generate === 'function' &&
    typeof client?.pull === 'function' &&
    typeof client?.config?.host === 'string'
  )
}

/** `ollama`'s `Ollama` instances (and its default instance), for `instrument()`. */
export const ollamaClient: ExplicitClient = {
  name: 'ollama',
  matches: isOllamaClient,
  patch: (client, recorder) => {
    wrap(client, recorder)
  },
}
