/**
 * Which providers' SDKs llmeter has patched at load in this process. Framework integrations that
 * call those SDKs (LangChain's ChatOpenAI and ChatAnthropic use the openai and anthropic clients)
 * leave the LLM call to the SDK patch, so a call is never counted twice.
 *
 * @module
 */
const patched = new Set<string>()

export function markSdkPatched(...providers: string[]): void {
  for (const p of providers) patched.add(p)
}

export function isSdkPatched(provider: string): boolean {
  return patched.has(provider)
}
