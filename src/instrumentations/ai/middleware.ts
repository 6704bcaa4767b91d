/**
 * The Vercel AI SDK middleware: `wrapLanguageModel({ model, middleware: llmeterMiddleware() })`
 * measures every `generateText` / `streamText` / `generateObject` / agent step that reaches that
 * model, whatever the provider, and `wrapEmbeddingModel({ model, middleware:
 * llmeterEmbeddingMiddleware() })` every `embed` / `embedMany` request. Each model attempt is
 * one call (see attempts.ts for how retries are still counted as such).
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import { type RecorderSource, type RecordInto, sourceFor } from '../../recording/registry.js'
import { GEN_AI_OPERATION } from '../../semconv/attributes.js'
import { llmCallContext } from '../../tracking/context.js'
import { type LlmCall, startLlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { attemptKey, beginAttempt, endAttempt } from './attempts.js'
import { callOptionsFor } from './model-info.js'
import { observeModelStream } from './stream-observer.js'
import { aiUsage, embeddingUsage } from './usage.js'

interface WrapOptions<R> {
  model: unknown
  params?: unknown
  run: () => PromiseLike<R>
  operation: string
  /** Whether the model streams its response (`llmeter.request.stream`). */
  stream: boolean
  /** Ends the call from the result (or hands it to a stream observer); returns what the SDK gets. */
  settle: (call: LlmCall, result: R) => R
  recorder: RecorderSource
}

/**
 * One model attempt as a tracked call. The host's call runs outside our try blocks, and the very
 * result or error it produced is handed back.
 */
async function tracked<R>({
  model,
  params,
  run,
  operation,
  stream,
  settle,
  recorder,
}: WrapOptions<R>): Promise<R> {
  // An outer llmeter middleware already measures this call (explicit and automatic together).
  if (llmCallContext.getStore()) return run()
  const call = startLlmCall({ ...callOptionsFor(model, operation), stream }, recorder())
  if (call.blockedBy) throw call.blockedBy
  const key = attemptKey(params)
  beginAttempt(call, key)
  let result: R
  try {
    result = await llmCallContext.run(call, run)
  } catch (error) {
    endAttempt(call, key, error)
    call.fail(error)
    throw error
  }
  endAttempt(call, key)
  try {
    return settle(call, result)
  } catch (err) {
    log.debug('recording an AI SDK result failed', err)
    call.end()
    return result
  }
}

function endWith(usage: LlmUsage | undefined, responseModel: unknown) {
  return { usage, responseModel: typeof responseModel === 'string' ? responseModel : undefined }
}

/**
 * The language-model middleware (specification v4, the one `ai` 7 uses).
 *
 * @example
 * import { wrapLanguageModel, generateText } from 'ai'
 * import { openai } from '@ai-sdk/openai'
 * import { llmeterMiddleware } from 'llmeter'
 * const model = wrapLanguageModel({ model: openai('gpt-4o-mini'), middleware: llmeterMiddleware() })
 * await generateText({ model, prompt: 'Hello' })
 */
export function llmeterMiddleware(options?: RecordInto) {
  return languageMiddleware(sourceFor(options?.meterProvider))
}

/** The language-model middleware recording into `recorder()` (the automatic patch's). */
export function languageMiddleware(recorder: RecorderSource) {
  return {
    specificationVersion: 'v4' as const,
    wrapGenerate({
      doGenerate,
      model,
      params,
    }: {
      doGenerate: () => PromiseLike<any>
      model: unknown
      params?: unknown
    }) {
      return tracked({
        model,
        params,
        run: doGenerate,
        operation: GEN_AI_OPERATION.chat,
        stream: false,
        recorder,
        settle(call, result) {
          call.end(endWith(aiUsage(result?.usage), result?.response?.modelId))
          return result
        },
      })
    },
    wrapStream({
      doStream,
      model,
      params,
    }: {
      doStream: () => PromiseLike<any>
      model: unknown
      params?: unknown
    }) {
      return tracked({
        model,
        params,
        run: doStream,
        operation: GEN_AI_OPERATION.chat,
        stream: true,
        recorder,
        settle(call, result) {
          if (!(result?.stream instanceof ReadableStream)) {
            call.end()
            return result
          }
          return { ...result, stream: observeModelStream(result.stream, call) }
        },
      })
    },
  }
}

/**
 * The embedding-model middleware.
 *
 * @example
 * import { embed, wrapEmbeddingModel } from 'ai'
 * const model = wrapEmbeddingModel({ model: openai.embedding('text-embedding-3-small'), middleware: llmeterEmbeddingMiddleware() })
 * await embed({ model, value: 'sunny day at the beach' })
 */
export function llmeterEmbeddingMiddleware(options?: RecordInto) {
  return embeddingMiddleware(sourceFor(options?.meterProvider))
}

/** The embedding-model middleware recording into `recorder()` (the automatic patch's). */
export function embeddingMiddleware(recorder: RecorderSource) {
  return {
    specificationVersion: 'v4' as const,
    wrapEmbed({
      doEmbed,
      model,
      params,
    }: {
      doEmbed: () => PromiseLike<any>
      model: unknown
      params?: unknown
    }) {
      return tracked({
        model,
        params: (params as { values?: unknown } | undefined)?.values ?? params,
        run: doEmbed,
        operation: GEN_AI_OPERATION.embeddings,
        stream: false,
        recorder,
        settle(call, result) {
          call.end(endWith(embeddingUsage(result?.usage), undefined))
          return result
        },
      })
    },
  }
}
