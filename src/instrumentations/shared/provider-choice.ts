/**
 * Which `gen_ai.provider.name` a call gets when the app says more than the host does. A client
 * pointed at a server llmeter cannot recognise (vLLM, a gateway, an internal host) would be named
 * after its SDK (`openai`); the app can name it per client instance (`instrument(client,
 * { provider })`) or per host in the configuration (`providers`, through the recorder). The
 * choice is made once, when a call starts, and applies to every metric of that call.
 *
 * Order: the client instance's provider, then the configured host table, then what the client
 * folder described (its SDK's provider, or the known-host table in endpoint.ts).
 *
 * @module
 */
import type { Recorder } from '../../recording/recorder.js'
import type { LlmCallOptions } from '../../tracking/llm-call.js'

// A registered symbol, so two copies of llmeter in one process read the name one of them set.
const PROVIDER = Symbol.for('llmeter.provider')

/**
 * A provider name as the app may give one, spelled as the conventions spell theirs: lowercase
 * letters, digits, `.`, `_` and `-`, at most 64 characters (`vllm`, `azure.ai.openai`, `x_ai`).
 */
export function isProviderName(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9][a-z0-9._-]{0,63}$/.test(value)
}

/** Names the provider of every call `client` makes; false when it cannot be set (frozen client). */
export function setClientProvider(client: unknown, provider: string): boolean {
  if (!client || typeof client !== 'object') return false
  try {
    Object.defineProperty(client, PROVIDER, { value: provider, configurable: true, enumerable: false })
    return true
  } catch {
    return false
  }
}

/** The provider the app named for `client`, if any. */
function clientProvider(client: unknown): string | undefined {
  if (!client || typeof client !== 'object') return undefined
  const value = (client as { [PROVIDER]?: unknown })[PROVIDER]
  return typeof value === 'string' ? value : undefined
}

/**
 * The provider of a call `client` starts, described as `call`, recording into `recorder`.
 *
 * @example
 * chooseProvider(client, { provider: 'openai', serverAddress: 'llm.internal', serverPort: 8000 }, recorder)
 * // 'vllm' with providers: { 'llm.internal:8000': 'vllm' }
 */
export function chooseProvider(client: unknown, call: LlmCallOptions, recorder: Recorder): string {
  return clientProvider(client) ?? recorder.providerAt(call.serverAddress, call.serverPort) ?? call.provider
}
