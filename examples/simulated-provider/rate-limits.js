// The rate-limit headers real providers send on every response, from a per-minute window of this
// simulated key: OpenAI's x-ratelimit-{limit,remaining,reset}-{requests,tokens} and Anthropic's
// anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}. Tokens are counted at a flat
// TOKENS_PER_REQUEST per request: the headers only need to move the way a real key's do.

const TOKENS_PER_REQUEST = 1000

/**
 * @param {{ now: () => number, requestsPerMinute?: number, tokensPerMinute?: number }} options
 * @returns {{ headers(provider: 'openai' | 'anthropic'): Record<string, string> }}
 */
export function createRateLimits({ now, requestsPerMinute = 1000, tokensPerMinute = 2_000_000 }) {
  let window = -1
  let requests = 0
  return {
    headers(provider) {
      const at = now()
      const current = Math.floor(at / 60_000)
      if (current !== window) {
        window = current
        requests = 0
      }
      requests++
      const left = {
        requests: Math.max(0, requestsPerMinute - requests),
        tokens: Math.max(0, tokensPerMinute - requests * TOKENS_PER_REQUEST),
      }
      const resetAt = (current + 1) * 60_000
      if (provider === 'anthropic') {
        const reset = new Date(resetAt).toISOString()
        return {
          'anthropic-ratelimit-requests-limit': String(requestsPerMinute),
          'anthropic-ratelimit-requests-remaining': String(left.requests),
          'anthropic-ratelimit-requests-reset': reset,
          'anthropic-ratelimit-tokens-limit': String(tokensPerMinute),
          'anthropic-ratelimit-tokens-remaining': String(left.tokens),
          'anthropic-ratelimit-tokens-reset': reset,
        }
      }
      const reset = `${Math.ceil((resetAt - at) / 1000)}s`
      return {
        'x-ratelimit-limit-requests': String(requestsPerMinute),
        'x-ratelimit-remaining-requests': String(left.requests),
        'x-ratelimit-reset-requests': reset,
        'x-ratelimit-limit-tokens': String(tokensPerMinute),
        'x-ratelimit-remaining-tokens': String(left.tokens),
        'x-ratelimit-reset-tokens': reset,
      }
    },
  }
}
