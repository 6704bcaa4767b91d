/**
 * Reads a provider's own usage object with `@pydantic/genai-prices`' extractors (`extractUsage`),
 * which know where each provider puts every token kind (Anthropic's 1-hour cache writes under
 * `cache_creation`, OpenAI's audio tokens under `*_tokens_details`, Gemini's per-modality counts),
 * and turns the result into llmeter usage through the kinds table. Never throws.
 *
 * @module
 */
import { extractUsage, findProvider, type Provider } from '@pydantic/genai-prices'
import { log } from '../internal/diag.js'
import { type LlmUsage, USAGE_FIELDS, USAGE_KINDS } from '../semconv/usage-kinds.js'

/** The wire formats we read: catalog provider id and the extractor's API flavor. */
export type UsageFormat = 'anthropic' | 'openai-chat' | 'openai-responses' | 'openai-embeddings' | 'google'

const FORMATS: Record<UsageFormat, { provider: string; flavor: string }> = {
  anthropic: { provider: 'anthropic', flavor: 'default' },
  'openai-chat': { provider: 'openai', flavor: 'chat' },
  'openai-responses': { provider: 'openai', flavor: 'responses' },
  'openai-embeddings': { provider: 'openai', flavor: 'embeddings' },
  google: { provider: 'google', flavor: 'default' },
}

// Built once per format and kept: finding a provider walks the catalog, and the relaxed copy never
// changes (the bundled catalog is never updated at run time).
const extractors = new Map<UsageFormat, Provider | null>()

/**
 * The catalog provider with only `format`'s extractor, every mapping optional: a usage object
 * missing a count (a stream cut before its last event, a gateway that leaves a field out) still
 * gives the counts it has instead of nothing.
 */
function extractorFor(format: UsageFormat): Provider | null {
  let provider = extractors.get(format)
  if (provider === undefined) {
    const { provider: id, flavor } = FORMATS[format]
    const found = findProvider({ providerId: id })
    const extractor = found?.extractors?.find((e) => e.api_flavor === flavor)
    provider = extractor
      ? {
          ...found!,
          extractors: [
            { ...extractor, mappings: extractor.mappings.map((m) => ({ ...m, required: false })) },
          ],
        }
      : null
    extractors.set(format, provider)
  }
  return provider
}

/**
 * The token counts of a provider's usage object (`response.usage`, Gemini's `usageMetadata`), or
 * `undefined` when it holds none.
 *
 * @example
 * providerUsage('anthropic', { input_tokens: 1000, cache_creation_input_tokens: 3000,
 *   cache_creation: { ephemeral_1h_input_tokens: 3000 }, output_tokens: 100 })
 * // { inputTokens: 4000, cacheWriteTokens: 3000, cacheWrite1hTokens: 3000, outputTokens: 100, ... }
 */
export function providerUsage(format: UsageFormat, usage: unknown): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  const provider = extractorFor(format)
  if (!provider) return undefined
  const extractor = provider.extractors![0]!
  const root = Array.isArray(extractor.root) ? extractor.root : [extractor.root]
  // The extractor reads from a response body; rebuild the path to the usage object it expects.
  let body: unknown = usage
  for (let i = root.length - 1; i >= 0; i--) body = { [root[i] as string]: body }
  let counts: Record<string, number | undefined>
  try {
    counts = extractUsage(provider, body, extractor.api_flavor).usage
  } catch (err) {
    // No count at all, or a negative one: nothing we could record.
    log.debug(`usage not read as ${format}`, err)
    return undefined
  }
  const result: LlmUsage = {}
  let any = false
  for (let i = 0; i < USAGE_KINDS.length; i++) {
    const n = counts[USAGE_KINDS[i]!.catalogKey]
    if (typeof n === 'number') {
      result[USAGE_FIELDS[i]!] = n
      any = true
    }
  }
  return any ? result : undefined
}
