/**
 * Token usage as llmeter counts it, whatever the provider reports: one optional count per token
 * kind of `src/semconv/usage-kinds.ts` (`inputTokens`, `cacheReadTokens`, `cacheWrite1hTokens`,
 * `inputAudioTokens`, ...). Conventions: each kind counts ALL its tokens, those of its child kinds
 * included. `inputTokens` counts all input tokens, cache reads, cache writes, audio and image
 * included (as OpenAI's `prompt_tokens` and the semconv `gen_ai.usage.input_tokens` do; Anthropic
 * reports cache tokens apart, so its instrumentation adds them up); `outputTokens` counts all
 * output tokens, reasoning, audio and image included; `cacheWriteTokens` counts all cache writes,
 * the 1-hour ones (`cacheWrite1hTokens`) included.
 *
 * @module
 */
import type { UsageField } from '../semconv/usage-kinds.js'

/** Token counts of one call, by kind; absent kinds were not reported. */
export type LlmUsage = { [F in UsageField]?: number }
