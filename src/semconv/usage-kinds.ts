/**
 * The one table of token kinds and cost parts. Every place that counts, prices or labels tokens
 * (the usage shape, price tables, the catalog adapter, the pre-aggregated counters and their
 * attribute values) iterates this table, so adding a kind is one row here.
 *
 * Token kinds nest: `input` and `output` are totals; every other kind is part of its `parent`
 * (a 1-hour cache write is a cache write, which is input). The counter `llmeter.llm.tokens`
 * reports each kind's own count (so `input` includes `cache_read`); the cost counter
 * `llmeter.llm.cost` reports disjoint parts: the part of a kind is its tokens that belong to none
 * of its child kinds, billed at its own rate (else its parent's), so the parts sum to the total.
 *
 * @module
 */

/** One token kind. */
export interface UsageKind {
  /** camelCase name: the usage field is `${name}Tokens`, the price and cost field is `name`. */
  readonly name: string
  /** The `gen_ai.token.type` value on `llmeter.llm.tokens`, and the `llmeter.cost.type` of its part. */
  readonly label: string
  /** The kind these tokens are part of; absent for the two totals. */
  readonly parent?: string
  /** The `@pydantic/genai-prices` usage key (its price key is the same with `_tokens` -> `_mtok`). */
  readonly catalogKey: string
}

/**
 * Token kinds in slot order (parents before their children). `input` and `output` are the
 * conventions' `gen_ai.token.type` values; the rest are ours.
 */
export const USAGE_KINDS = [
  { name: 'input', label: 'input', catalogKey: 'input_tokens' },
  { name: 'output', label: 'output', catalogKey: 'output_tokens' },
  { name: 'cacheRead', label: 'cache_read', parent: 'input', catalogKey: 'cache_read_tokens' },
  { name: 'cacheWrite', label: 'cache_write', parent: 'input', catalogKey: 'cache_write_tokens' },
  {
    name: 'cacheWrite1h',
    label: 'cache_write_1h',
    parent: 'cacheWrite',
    catalogKey: 'cache_write_1h_tokens',
  },
  { name: 'reasoning', label: 'reasoning', parent: 'output', catalogKey: 'output_reasoning_tokens' },
  { name: 'inputAudio', label: 'input_audio', parent: 'input', catalogKey: 'input_audio_tokens' },
  { name: 'outputAudio', label: 'output_audio', parent: 'output', catalogKey: 'output_audio_tokens' },
  { name: 'inputImage', label: 'input_image', parent: 'input', catalogKey: 'input_image_tokens' },
  { name: 'outputImage', label: 'output_image', parent: 'output', catalogKey: 'output_image_tokens' },
] as const satisfies readonly UsageKind[]

export type UsageKindName = (typeof USAGE_KINDS)[number]['name']
/** The usage field of a kind: `inputTokens`, `cacheWrite1hTokens`, ... */
export type UsageField = `${UsageKindName}Tokens`

/**
 * Token usage as llmeter counts it, whatever the provider reports: one optional count per token
 * kind of the table above (`inputTokens`, `cacheReadTokens`, `cacheWrite1hTokens`,
 * `inputAudioTokens`, ...). Conventions: each kind counts ALL its tokens, those of its child kinds
 * included. `inputTokens` counts all input tokens, cache reads, cache writes, audio and image
 * included (as OpenAI's `prompt_tokens` and the semconv `gen_ai.usage.input_tokens` do; Anthropic
 * reports cache tokens apart, so its instrumentation adds them up); `outputTokens` counts all
 * output tokens, reasoning, audio and image included; `cacheWriteTokens` counts all cache writes,
 * the 1-hour ones (`cacheWrite1hTokens`) included.
 */
export type LlmUsage = { [F in UsageField]?: number }

/** The per-call fee: a cost part that is not a token kind. */
export const REQUEST_PART = { name: 'request', label: 'request' } as const

/** Cost parts in slot order: one per token kind, then the per-call fee. */
export const COST_PARTS: readonly { readonly name: CostPartName; readonly label: string }[] = [
  ...USAGE_KINDS.map(({ name, label }) => ({ name, label })),
  REQUEST_PART,
]
export type CostPartName = UsageKindName | typeof REQUEST_PART.name

/** The usage field of `kind`. */
export function usageField(kind: { readonly name: UsageKindName }): UsageField {
  return `${kind.name}Tokens`
}

/** The usage field of each kind, in table order (computed once: the hot path reads them per call). */
export const USAGE_FIELDS: readonly UsageField[] = USAGE_KINDS.map(usageField)

/** Index in {@link USAGE_KINDS} of each kind's parent (-1 for the totals), computed once. */
export const PARENT_INDEX: readonly number[] = USAGE_KINDS.map((kind) =>
  'parent' in kind ? USAGE_KINDS.findIndex((k) => k.name === kind.parent) : -1,
)
