/**
 * Patches `groq-sdk`'s `Chat.Completions.create`: on the prototype (automatic mode, every client
 * instance) or on one client's resource (`instrument(client)`). Both go through `runTracked`, so a
 * call is counted once even when both apply. groq-sdk is a Stainless SDK like openai: the same
 * `APIPromise`, `Stream` and `fetch` on the client, so the shared runtime handles it as it does
 * openai's.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { unwrapCreate, wrapCreate } from '../shared/patch-method.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { describeChat } from './describe.js'

/** The Groq class of a module's exports (CommonJS function-with-properties or ES namespace). */
function groqClass(exports: any): any {
  return exports?.Groq ?? exports?.default ?? exports
}

/** Patches the prototype reachable from the `groq-sdk` module's exports. */
export function patchGroqExports(exports: unknown, recorder: RecorderSource): void {
  // LangChain's ChatGroq calls this client: its handler leaves the call to this patch.
  if (wrapCreate(groqClass(exports)?.Chat?.Completions?.prototype, describeChat, recorder))
    markSdkPatched(GEN_AI_PROVIDER.groq)
}

/** Undoes {@link patchGroqExports}. */
export function unpatchGroqExports(exports: unknown): void {
  if (unwrapCreate(groqClass(exports)?.Chat?.Completions?.prototype)) unmarkSdkPatched(GEN_AI_PROVIDER.groq)
}

/**
 * True for a Groq client instance. Its shape is an OpenAI client's (`chat.completions.create`),
 * so it is told apart by its class, which carries `GroqError` as every Stainless client carries
 * its own error class.
 */
function isGroqClient(client: any): boolean {
  return (
    typeof client?.chat?.completions?.create === 'function' &&
    typeof client?.constructor?.GroqError === 'function'
  )
}

/** `groq-sdk`'s `Groq` instances, for `instrument()`. */
export const groqClient: ExplicitClient = {
  name: 'groq-sdk',
  matches: isGroqClient,
  patch: (client, recorder) => {
    wrapCreate((client as any)?.chat?.completions, describeChat, recorder)
  },
}
