/**
 * Which providers' SDKs are patched at load right now. Framework integrations that call those SDKs
 * (LangChain's ChatOpenAI and ChatAnthropic use the openai and anthropic clients) leave the LLM call
 * to the SDK patch, so a call is never counted twice.
 *
 * @module
 */

// Module state: the LangChain handler and the SDK patches know nothing of each other, and one
// process can load an SDK twice (its CommonJS and ES module builds), so each patch adds one and
// each unpatch takes one away; a provider counts as patched while its count is above zero.
const patched = new Map<string, number>()

/** Records that a patch of these providers' SDK is in place. */
export function markSdkPatched(...providers: string[]): void {
  for (const p of providers) patched.set(p, (patched.get(p) ?? 0) + 1)
}

/** Undoes one {@link markSdkPatched}. */
export function unmarkSdkPatched(...providers: string[]): void {
  for (const p of providers) {
    const n = (patched.get(p) ?? 0) - 1
    if (n > 0) patched.set(p, n)
    else patched.delete(p)
  }
}

export function isSdkPatched(provider: string): boolean {
  return patched.has(provider)
}
