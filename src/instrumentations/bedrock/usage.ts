/**
 * Bedrock usage -> llmeter usage. Every Bedrock count of input tokens leaves the cache out: the
 * Converse `usage.inputTokens` sits beside `cacheReadInputTokens` and `cacheWriteInputTokens`
 * (`totalTokens` is the sum of all four), and likewise Nova's `cacheReadInputTokenCount` and the
 * stream's `amazon-bedrock-invocationMetrics`. llmeter counts all input tokens as input, so the
 * cache counts are added in. InvokeModel bodies are each model family's own format; Bedrock's
 * `x-amzn-bedrock-*-token-count` headers, when present, give the same counts for every family and
 * win. Bodies are parsed here and dropped: only numbers leave this module.
 *
 * @module
 */
import { providerUsage } from '../../pricing/extract-usage.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Bag = Record<string, unknown>

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined

function bag(value: unknown): Bag | undefined {
  return value && typeof value === 'object' ? (value as Bag) : undefined
}

/** Input without cache, output, and the cache reads and writes -> llmeter usage. */
function withCache(
  input: number | undefined,
  output: number | undefined,
  cacheRead: number | undefined,
  cacheWrite: number | undefined,
): LlmUsage | undefined {
  if (input === undefined && output === undefined) return undefined
  const usage: LlmUsage = { outputTokens: output }
  if (input !== undefined) usage.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0)
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite
  return usage
}

/**
 * Converse / ConverseStream `usage` (also Nova's InvokeModel body `usage`, which spells its cache
 * counts `cacheReadInputTokenCount`).
 *
 * @example
 * converseUsage({ inputTokens: 20, outputTokens: 5, cacheReadInputTokens: 100 })
 * // { inputTokens: 120, outputTokens: 5, cacheReadTokens: 100 }
 */
export function converseUsage(usage: unknown): LlmUsage | undefined {
  const u = bag(usage)
  if (!u) return undefined
  return withCache(
    num(u.inputTokens),
    num(u.outputTokens),
    num(u.cacheReadInputTokens ?? u.cacheReadInputTokenCount),
    num(u.cacheWriteInputTokens ?? u.cacheWriteInputTokenCount),
  )
}

/** The stream's `amazon-bedrock-invocationMetrics`. */
export function invocationMetricsUsage(metrics: unknown): LlmUsage | undefined {
  const m = bag(metrics)
  if (!m) return undefined
  return withCache(
    num(m.inputTokenCount),
    num(m.outputTokenCount),
    num(m.cacheReadInputTokenCount),
    num(m.cacheWriteInputTokenCount),
  )
}

interface HeaderBag {
  [name: string]: string | undefined
}

const headerCount = (headers: HeaderBag, name: string) => {
  const value = headers[name]
  return typeof value === 'string' && value.length > 0 && value.length < 16 ? num(Number(value)) : undefined
}

/** Bedrock's token-count response headers (lower-cased, as the SDK gives them), when present. */
export function headerUsage(headers: unknown): LlmUsage | undefined {
  const h = bag(headers) as HeaderBag | undefined
  if (!h) return undefined
  return withCache(
    headerCount(h, 'x-amzn-bedrock-input-token-count'),
    headerCount(h, 'x-amzn-bedrock-output-token-count'),
    headerCount(h, 'x-amzn-bedrock-cache-read-input-token-count'),
    headerCount(h, 'x-amzn-bedrock-cache-write-input-token-count'),
  )
}

const decoder = new TextDecoder()

/** A JSON body as the SDK returns it (bytes), parsed; undefined when it is not JSON. */
export function parseJsonBytes(bytes: unknown): Bag | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes[0] !== 0x7b) return undefined
  try {
    return bag(JSON.parse(decoder.decode(bytes)))
  } catch {
    return undefined
  }
}

const METRICS_KEY = 'amazon-bedrock-invocationMetrics'

/** The invocation metrics a stream chunk's bytes carry (only the last chunk has them), else undefined. */
export function streamChunkMetrics(bytes: unknown): unknown {
  if (!(bytes instanceof Uint8Array)) return undefined
  const text = decoder.decode(bytes)
  if (!text.includes(METRICS_KEY)) return undefined
  try {
    return bag(JSON.parse(text))?.[METRICS_KEY]
  } catch {
    return undefined
  }
}

/**
 * Usage from an InvokeModel body, by model family: Anthropic Messages `usage` (`input_tokens`,
 * cache fields apart), Nova `usage` (`inputTokens`), Meta `prompt_token_count` /
 * `generation_token_count`, and the chat-completion `usage` (`prompt_tokens`) of Mistral and the
 * OpenAI-compatible models.
 */
export function invokeBodyUsage(body: Bag | undefined): LlmUsage | undefined {
  if (!body) return undefined
  const usage = bag(body.usage)
  if (usage) {
    if ('input_tokens' in usage || 'output_tokens' in usage) return providerUsage('anthropic', usage)
    if ('inputTokens' in usage || 'outputTokens' in usage) return converseUsage(usage)
    if ('prompt_tokens' in usage || 'completion_tokens' in usage)
      return withCache(num(usage.prompt_tokens), num(usage.completion_tokens), undefined, undefined)
  }
  if ('prompt_token_count' in body || 'generation_token_count' in body)
    return withCache(num(body.prompt_token_count), num(body.generation_token_count), undefined, undefined)
  return undefined
}
