/**
 * Token usage as llmeter counts it, whatever the provider reports. Conventions:
 * `inputTokens` counts ALL input tokens, cache reads and cache writes included (as OpenAI's
 * `prompt_tokens` and the semconv `gen_ai.usage.input_tokens` do; Anthropic reports them apart, so
 * its instrumentation adds them up); `outputTokens` counts ALL output tokens, reasoning included.
 *
 * @module
 */
export interface LlmUsage {
  inputTokens?: number
  outputTokens?: number
  cacheReadTokens?: number
  cacheWriteTokens?: number
  reasoningTokens?: number
}
