/**
 * The Vercel AI SDK middleware: `wrapLanguageModel({ model, middleware: llmeterMiddleware() })`
 * measures every `generateText`/`streamText` call to that model, whatever the provider, and
 * `wrapEmbeddingModel({ model, middleware: llmeterEmbeddingMiddleware() })` every `embed`.
 * The AI SDK retries failed calls itself by calling the model again, so each attempt is one call
 * here; a 429 attempt also counts on `llmeter_llm_rate_limits_total`.
 *
 * @module
 */
import { GEN_AI_OPERATION } from '../../semconv/attributes.js'
import { llmCallContext } from '../../tracking/context.js'
import { type LlmCall, startLlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { providerName } from './provider-names.js'

type Model = { provider?: string; modelId?: string }
type Usage = {
  inputTokens?: { total?: number; cacheRead?: number; cacheWrite?: number }
  outputTokens?: { total?: number; reasoning?: number }
}

/** AI SDK (v4 spec) usage -> llmeter usage. */
export function aiUsage(usage: Usage | undefined): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  return {
    inputTokens: usage.inputTokens?.total,
    outputTokens: usage.outputTokens?.total,
    cacheReadTokens: usage.inputTokens?.cacheRead,
    cacheWriteTokens: usage.inputTokens?.cacheWrite,
    reasoningTokens: usage.outputTokens?.reasoning,
  }
}

function startFor(model: Model, operation: string): LlmCall {
  return startLlmCall({ provider: providerName(model?.provider), model: model?.modelId, operation })
}

function failed(call: LlmCall, error: unknown): void {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (status === 429) call.httpAttempt(429)
  call.fail(error)
}

type StreamPart = { type?: string; usage?: Usage; modelId?: string; error?: unknown }

function observeParts(call: LlmCall, source: ReadableStream<StreamPart>): ReadableStream<StreamPart> {
  let usage: LlmUsage | undefined
  let model: string | undefined
  let error: unknown
  let sawError = false
  return source.pipeThrough(
    new TransformStream<StreamPart, StreamPart>({
      transform(part, controller) {
        switch (part?.type) {
          case 'text-delta':
          case 'reasoning-delta':
          case 'tool-input-delta':
            call.chunk()
            break
          case 'response-metadata':
            if (typeof part.modelId === 'string') model = part.modelId
            break
          case 'finish':
            usage = aiUsage(part.usage)
            break
          case 'error':
            sawError = true
            error = part.error
            break
        }
        controller.enqueue(part)
      },
      flush() {
        if (sawError) failed(call, error)
        else call.end({ usage, responseModel: model })
      },
      cancel() {
        call.cancel()
      },
    }),
  )
}

/**
 * The language-model middleware.
 *
 * @example
 * import { wrapLanguageModel, generateText } from 'ai'
 * import { openai } from '@ai-sdk/openai'
 * import { llmeterMiddleware } from 'llmeter'
 * const model = wrapLanguageModel({ model: openai('gpt-4o-mini'), middleware: llmeterMiddleware() })
 * await generateText({ model, prompt: 'Hello' })
 */
export function llmeterMiddleware() {
  return {
    specificationVersion: 'v4' as const,
    async wrapGenerate({ doGenerate, model }: { doGenerate: () => PromiseLike<any>; model: Model }) {
      // Already measured by an outer llmeter middleware (explicit and automatic together).
      if (llmCallContext.getStore()) return doGenerate()
      const call = startFor(model, GEN_AI_OPERATION.chat)
      if (call.blockedBy) throw call.blockedBy
      let result: any
      try {
        result = await llmCallContext.run(call, doGenerate)
      } catch (error) {
        failed(call, error)
        throw error
      }
      call.end({ usage: aiUsage(result?.usage), responseModel: result?.response?.modelId })
      return result
    },
    async wrapStream({ doStream, model }: { doStream: () => PromiseLike<any>; model: Model }) {
      if (llmCallContext.getStore()) return doStream()
      const call = startFor(model, GEN_AI_OPERATION.chat)
      if (call.blockedBy) throw call.blockedBy
      let result: any
      try {
        result = await llmCallContext.run(call, doStream)
      } catch (error) {
        failed(call, error)
        throw error
      }
      if (!(result?.stream instanceof ReadableStream)) {
        call.end()
        return result
      }
      return { ...result, stream: observeParts(call, result.stream) }
    },
  }
}

/**
 * The embedding-model middleware.
 *
 * @example
 * const model = wrapEmbeddingModel({ model: openai.embedding('text-embedding-3-small'), middleware: llmeterEmbeddingMiddleware() })
 */
export function llmeterEmbeddingMiddleware() {
  return {
    specificationVersion: 'v4' as const,
    async wrapEmbed({ doEmbed, model }: { doEmbed: () => PromiseLike<any>; model: Model }) {
      if (llmCallContext.getStore()) return doEmbed()
      const call = startFor(model, GEN_AI_OPERATION.embeddings)
      if (call.blockedBy) throw call.blockedBy
      let result: any
      try {
        result = await llmCallContext.run(call, doEmbed)
      } catch (error) {
        failed(call, error)
        throw error
      }
      const tokens = result?.usage?.tokens
      call.end({ usage: typeof tokens === 'number' ? { inputTokens: tokens } : undefined })
      return result
    },
  }
}
