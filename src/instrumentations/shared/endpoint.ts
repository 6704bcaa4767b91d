/**
 * Where a client sends its requests: `server.address` and `server.port` from its base URL, and
 * the `gen_ai.provider.name` an OpenAI-compatible base URL stands for. Many providers serve the
 * OpenAI wire format, so the openai client alone cannot say whose model answered: the host does.
 * An unknown host keeps the client's own provider (an OpenAI-compatible local server stays
 * `openai`; `server.address` tells them apart), unless the app names it (provider-choice.ts).
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { OWN_PROVIDER } from './provider-names.js'

export interface Endpoint {
  address: string | undefined
  port: number | undefined
}

/** A host pattern, the port it must have (any when absent), and the provider it stands for. */
interface KnownHost {
  readonly host: RegExp
  readonly port?: number
  readonly provider: string
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|::1)$/

/**
 * Hosts of providers that serve the OpenAI wire format under their own name: the conventions'
 * well-known value where one exists, our own lowercase name otherwise. First match wins.
 */
export const COMPATIBLE_HOSTS: readonly KnownHost[] = [
  {
    host: /(^|\.)openai\.azure\.com$|(^|\.)cognitiveservices\.azure\.com$/,
    provider: GEN_AI_PROVIDER.azureOpenai,
  },
  {
    host: /(^|\.)services\.ai\.azure\.com$|(^|\.)inference\.ai\.azure\.com$/,
    provider: GEN_AI_PROVIDER.azureAiInference,
  },
  { host: /(^|\.)openai\.com$/, provider: GEN_AI_PROVIDER.openai },
  { host: /(^|\.)anthropic\.com$/, provider: GEN_AI_PROVIDER.anthropic },
  { host: /(^|\.)groq\.com$/, provider: GEN_AI_PROVIDER.groq },
  { host: /(^|\.)deepseek\.com$/, provider: GEN_AI_PROVIDER.deepseek },
  { host: /(^|\.)x\.ai$/, provider: GEN_AI_PROVIDER.xai },
  { host: /(^|\.)mistral\.ai$/, provider: GEN_AI_PROVIDER.mistralAi },
  { host: /(^|\.)perplexity\.ai$/, provider: GEN_AI_PROVIDER.perplexity },
  { host: /(^|\.)moonshot\.(ai|cn)$/, provider: GEN_AI_PROVIDER.moonshotAi },
  { host: /(^|\.)cohere\.(ai|com)$/, provider: GEN_AI_PROVIDER.cohere },
  { host: /^generativelanguage\.googleapis\.com$/, provider: GEN_AI_PROVIDER.gcpGemini },
  { host: /(^|[.-])aiplatform\.googleapis\.com$/, provider: GEN_AI_PROVIDER.gcpVertexAi },
  { host: /^bedrock-runtime(-fips)?\.[a-z0-9-]+\.amazonaws\.com$/, provider: GEN_AI_PROVIDER.awsBedrock },
  { host: /(^|\.)ml\.cloud\.ibm\.com$/, provider: GEN_AI_PROVIDER.ibmWatsonx },
  { host: /(^|\.)together\.(xyz|ai)$/, provider: OWN_PROVIDER.togetherAi },
  { host: /(^|\.)fireworks\.ai$/, provider: OWN_PROVIDER.fireworksAi },
  { host: /(^|\.)openrouter\.ai$/, provider: OWN_PROVIDER.openrouter },
  // Ollama's own port on this machine: its OpenAI-compatible endpoint is `/v1` there.
  { host: LOOPBACK, port: 11434, provider: OWN_PROVIDER.ollama },
]

// A bounded memo of parsed base URLs: a client's base URL is parsed on every call otherwise, and
// an app has a handful of them. At most 1,000 are kept; past that they are parsed each time.
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

/**
 * The provider an OpenAI-compatible host (and port) belongs to, or `fallback`.
 *
 * @example
 * providerForHost('api.together.xyz', 'openai') // 'together_ai'
 * providerForHost('localhost', 'openai', 11434)  // 'ollama'
 */
export function providerForHost(address: string | undefined, fallback: string, port?: number): string {
  if (!address) return fallback
  const host = address.toLowerCase()
  for (const known of COMPATIBLE_HOSTS) {
    if (known.port !== undefined && known.port !== port) continue
    if (known.host.test(host)) return known.provider
  }
  return fallback
}
