/**
 * OpenAI usage objects -> llmeter usage. Chat completions report `prompt_tokens` (cached tokens
 * included, in `prompt_tokens_details.cached_tokens`) and `completion_tokens` (reasoning included);
 * the Responses API reports `input_tokens` / `output_tokens` with the same details; embeddings
 * report `prompt_tokens`. OpenAI-compatible gateways may add `cost` (OpenRouter), which is the
 * provider-reported cost.
 *
 * @module
 */
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

export function chatUsage(usage: Usage): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    cacheReadTokens: usage.prompt_tokens_details?.cached_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens,
  }
}

export function responsesUsage(usage: Usage): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheReadTokens: usage.input_tokens_details?.cached_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens,
  }
}

export function embeddingsUsage(usage: Usage): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  return { inputTokens: usage.prompt_tokens }
}

/** A cost the gateway returned with the usage (OpenRouter's `usage.cost`), if any. */
export function reportedCost(usage: Usage): number | undefined {
  return typeof usage?.cost === 'number' ? usage.cost : undefined
}
