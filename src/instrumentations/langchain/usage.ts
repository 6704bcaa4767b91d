/**
 * Token usage of a LangChain LLM run, from its `LLMResult`: the message's `usage_metadata`
 * (`input_tokens` with cache reads and writes included, `input_token_details.cache_read` /
 * `cache_creation`, `output_token_details.reasoning`), else the older `llmOutput.tokenUsage`
 * (`promptTokens` / `completionTokens`) or `llmOutput.usage`; audio and image counts from the
 * details' modality fields.
 *
 * One group of generations answers one request, and chat integrations put that request's usage on
 * every generation of the group (@langchain/openai with `n: 2` gives both the request total), so a
 * group's usage is counted once, from its first generation that has any. Groups (a batch of
 * prompts in one run) are added up.
 *
 * @module
 */
import { USAGE_FIELDS } from '../../semconv/usage-kinds.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Dict = Record<string, any>

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function add(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : a + b
}

function fromMetadata(meta: Dict): LlmUsage {
  const input = meta.input_token_details
  const output = meta.output_token_details
  return {
    inputTokens: num(meta.input_tokens),
    outputTokens: num(meta.output_tokens),
    cacheReadTokens: num(input?.cache_read),
    cacheWriteTokens: num(input?.cache_creation),
    reasoningTokens: num(output?.reasoning),
    inputAudioTokens: num(input?.audio),
    outputAudioTokens: num(output?.audio),
    inputImageTokens: num(input?.image),
    outputImageTokens: num(output?.image),
  }
}

function sum(a: LlmUsage | undefined, b: LlmUsage): LlmUsage {
  if (!a) return b
  const total: LlmUsage = {}
  for (const field of USAGE_FIELDS) total[field] = add(a[field], b[field])
  return total
}

/**
 * The usage and response model an `LLMResult` reports.
 *
 * @example
 * runUsage({ generations: [[{ message: { usage_metadata: { input_tokens: 10, output_tokens: 2 } } }]] })
 * // { usage: { inputTokens: 10, outputTokens: 2, ... }, model: undefined }
 */
export function runUsage(output: unknown): { usage?: LlmUsage; model?: string } {
  const result = (output ?? {}) as Dict
  let usage: LlmUsage | undefined
  let model: string | undefined
  for (const group of Array.isArray(result.generations) ? result.generations : []) {
    let counted = false
    for (const generation of Array.isArray(group) ? group : []) {
      const message = generation?.message
      const meta = message?.usage_metadata
      // The request's usage, repeated on each generation of the group: taken once.
      if (!counted && meta && typeof meta === 'object') {
        usage = sum(usage, fromMetadata(meta))
        counted = true
      }
      const name = message?.response_metadata?.model_name ?? message?.response_metadata?.model
      if (model === undefined && typeof name === 'string') model = name
    }
  }
  if (usage) return { usage, model }
  const legacy =
    result.llmOutput?.tokenUsage ?? result.llmOutput?.estimatedTokenUsage ?? result.llmOutput?.usage
  if (legacy && typeof legacy === 'object') {
    usage = {
      inputTokens: num(legacy.promptTokens ?? legacy.input_tokens ?? legacy.prompt_tokens),
      outputTokens: num(legacy.completionTokens ?? legacy.output_tokens ?? legacy.completion_tokens),
    }
  }
  const llmModel = result.llmOutput?.model_name ?? result.llmOutput?.model
  return { usage, model: model ?? (typeof llmModel === 'string' ? llmModel : undefined) }
}
