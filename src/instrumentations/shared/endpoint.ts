/**
 * Where a client sends its requests: `server.address` and `server.port` from its base URL, and
 * the `gen_ai.provider.name` an OpenAI-compatible base URL stands for. An unknown host keeps the
 * client's own provider (an OpenAI-compatible local server stays `openai`; `server.address`
 * tells them apart).
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'

export interface Endpoint {
  address: string | undefined
  port: number | undefined
}

/** Hosts of providers that serve the OpenAI wire format under their own name. */
const COMPATIBLE_HOSTS: readonly [RegExp, string][] = [
  [/(^|\.)openai\.azure\.com$|(^|\.)cognitiveservices\.azure\.com$/, GEN_AI_PROVIDER.azureOpenai],
  [/(^|\.)groq\.com$/, GEN_AI_PROVIDER.groq],
  [/(^|\.)deepseek\.com$/, GEN_AI_PROVIDER.deepseek],
  [/(^|\.)x\.ai$/, GEN_AI_PROVIDER.xai],
  [/(^|\.)mistral\.ai$/, GEN_AI_PROVIDER.mistralAi],
  [/(^|\.)perplexity\.ai$/, GEN_AI_PROVIDER.perplexity],
  [/^generativelanguage\.googleapis\.com$/, GEN_AI_PROVIDER.gcpGemini],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
]

const cache = new Map<string, Endpoint>()

/** Address and port of `baseURL` (default ports filled in); undefined parts when it does not parse. */
export function endpointOf(baseURL: unknown): Endpoint {
  if (typeof baseURL !== 'string') return { address: undefined, port: undefined }
  let endpoint = cache.get(baseURL)
  if (!endpoint) {
    try {
      const url = new URL(baseURL)
      const port = url.port
        ? Number(url.port)
        : url.protocol === 'https:'
          ? 443
          : url.protocol === 'http:'
            ? 80
            : undefined
      endpoint = { address: url.hostname.replace(/^\[|\]$/g, ''), port }
    } catch {
      endpoint = { address: undefined, port: undefined }
    }
    if (cache.size < 1000) cache.set(baseURL, endpoint)
  }
  return endpoint
}

/** The provider an OpenAI-compatible base URL belongs to, or `fallback`. */
export function providerForHost(address: string | undefined, fallback: string): string {
  if (!address) return fallback
  for (const [pattern, provider] of COMPATIBLE_HOSTS) if (pattern.test(address)) return provider
  return fallback
}
