/**
 * OpenAI usage objects -> llmeter usage, read by `@pydantic/genai-prices`' OpenAI extractors
 * (src/pricing/extract-usage.ts). Chat completions report `prompt_tokens` (cached, cache-write,
 * audio and image tokens included, in `prompt_tokens_details`) and `completion_tokens`
 * (reasoning and audio included, in `completion_tokens_details`); the Responses API reports
 * `input_tokens` / `output_tokens` with cached, cache-write and reasoning details; embeddings
 * report `prompt_tokens`. OpenAI-compatible gateways may add `cost` (OpenRouter), which is the
 * provider-reported cost.
 *
 * @module
 */
import { providerUsage } from '../../pricing/extract-usage.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

/**
 * A chat completion's `usage`. The catalog's extractor has no mapping for
 * `prompt_tokens_details.image_tokens`, so that one count is read here.
 *
 * @example
 * chatUsage({ prompt_tokens: 1000, completion_tokens: 500,
 *   prompt_tokens_details: { audio_tokens: 800 }, completion_tokens_details: { audio_tokens: 400 } })
 * // { inputTokens: 1000, inputAudioTokens: 800, outputTokens: 500, outputAudioTokens: 400 }
 */
export function chatUsage(usage: Usage): LlmUsage | undefined {
  const result = providerUsage('openai-chat', usage)
  const images = usage?.prompt_tokens_details?.image_tokens
  if (result && typeof images === 'number') result.inputImageTokens = images
  return result
}

/** A Responses API `usage` (also the `response.completed` event's). */
export function responsesUsage(usage: Usage): LlmUsage | undefined {
  return providerUsage('openai-responses', usage)
}

/** An embeddings `usage`: all of it is input. */
export function embeddingsUsage(usage: Usage): LlmUsage | undefined {
  return providerUsage('openai-embeddings', usage)
}

/** A cost the gateway returned with the usage (OpenRouter's `usage.cost`), if any. */
export function reportedCost(usage: Usage): number | undefined {
  return typeof usage?.cost === 'number' ? usage.cost : undefined
}
