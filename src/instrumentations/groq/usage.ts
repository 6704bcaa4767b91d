/**
 * Groq usage -> llmeter usage. Groq's `usage` has the OpenAI chat shape (`prompt_tokens` with
 * `prompt_tokens_details.cached_tokens`, `completion_tokens` with
 * `completion_tokens_details.reasoning_tokens`, plus timings we do not record), so it is read with
 * the catalog's OpenAI chat extractor. A plain response carries it at the top level; a stream
 * carries it in its last chunk under `x_groq.usage` (a top-level `usage` is read too, for
 * OpenAI-style `stream_options.include_usage` streams). The `x_groq.usage` of a plain response
 * holds hardware-cache statistics, not token counts, and is not read.
 *
 * @module
 */
import { providerUsage } from '../../pricing/extract-usage.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

/**
 * A chat completion's `usage` (or a stream chunk's `x_groq.usage`).
 *
 * @example
 * groqUsage({ prompt_tokens: 18, completion_tokens: 5, total_tokens: 23 }) // { inputTokens: 18, outputTokens: 5 }
 */
export function groqUsage(usage: Usage): LlmUsage | undefined {
  return providerUsage('openai-chat', usage)
}

/** The usage a stream chunk carries, if any: `x_groq.usage`, else `usage`. */
export function chunkUsage(chunk: Record<string, any> | undefined): Usage {
  const groq = chunk?.x_groq?.usage
  if (groq && typeof groq === 'object' && typeof groq.prompt_tokens === 'number') return groq
  return chunk?.usage && typeof chunk.usage === 'object' ? chunk.usage : undefined
}
