/**
 * Rate-limit headroom from a provider's response headers: OpenAI and the OpenAI-compatible hosts
 * (`x-ratelimit-remaining-requests`, `x-ratelimit-limit-tokens`, ...) and Anthropic
 * (`anthropic-ratelimit-requests-remaining`, `anthropic-ratelimit-input-tokens-limit`, ...). Only
 * these names are read, and only finite, non-negative numbers are kept.
 *
 * @module
 */

/** One reading: the limit's kind, and what is left of it and its size (either may be missing). */
export interface RateLimitReading {
  kind: 'requests' | 'tokens' | 'input_tokens' | 'output_tokens'
  remaining: number | undefined
  limit: number | undefined
}

interface HeaderSource {
  get(name: string): string | null
}

const KINDS = ['requests', 'tokens', 'input_tokens', 'output_tokens'] as const

function number(value: string | null): number | undefined {
  if (value === null || value.length === 0 || value.length > 20) return undefined
  const n = Number(value)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

/** The readings the headers carry, none when they carry no rate-limit header. */
export function rateLimitReadings(headers: unknown): RateLimitReading[] {
  const source = headers as HeaderSource | undefined
  if (!source || typeof source.get !== 'function') return []
  const out: RateLimitReading[] = []
  for (const kind of KINDS) {
    const dashed = kind.replace('_', '-')
    const remaining =
      number(source.get(`x-ratelimit-remaining-${dashed}`)) ??
      number(source.get(`anthropic-ratelimit-${dashed}-remaining`))
    const limit =
      number(source.get(`x-ratelimit-limit-${dashed}`)) ??
      number(source.get(`anthropic-ratelimit-${dashed}-limit`))
    if (remaining !== undefined || limit !== undefined) out.push({ kind, remaining, limit })
  }
  return out
}
