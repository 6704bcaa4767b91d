/**
 * Streams of `generateContentStream`: the SDK hands out an async generator of
 * `GenerateContentResponse` chunks (its own SSE parser under it). llmeter observes that very
 * generator in place, replacing its `next`, `return` and `throw` with observed ones, so the host
 * (or the SDK's continuation, function-calling and chat wrappers around it) iterates the same object
 * and gets the same chunks and errors. Output chunks are those with candidate parts (text,
 * thoughts, function calls, inline data); usage is the last `usageMetadata` seen (Gemini sends it
 * with the last chunk, some backends with every chunk, cumulative); an error the API sends inside
 * the stream makes the SDK throw, which is recorded as the call's failure.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'
import { CallLifetime } from '../shared/lifetime.js'
import { observeIterator, type StreamHandlers } from '../shared/stream-observer.js'
import { abortType } from './attempts.js'
import { geminiUsage } from './usage.js'

type Chunk = Record<string, any>

interface GeneratorLike {
  next: (...args: [] | [unknown]) => Promise<IteratorResult<unknown>>
  return: (value?: unknown) => Promise<IteratorResult<unknown>>
  throw: (error?: unknown) => Promise<IteratorResult<unknown>>
}

/** True when a chunk carries output: a candidate with at least one part. */
function hasOutput(chunk: Chunk): boolean {
  const candidates = chunk?.candidates
  if (!Array.isArray(candidates)) return false
  return candidates.some((c) => Array.isArray(c?.content?.parts) && c.content.parts.length > 0)
}

/** Handlers of one stream; `callerSignal` is the request's `config.abortSignal`, if any. */
export function generateStreamHandlers(call: LlmCall, callerSignal?: unknown): StreamHandlers<Chunk> {
  let usage: Chunk | undefined
  let model: string | undefined
  return {
    chunk(c) {
      if (!model && typeof c?.modelVersion === 'string' && c.modelVersion !== '') model = c.modelVersion
      if (hasOutput(c)) call.chunk()
      if (c?.usageMetadata && typeof c.usageMetadata === 'object') usage = c.usageMetadata
    },
    end: () => call.end({ usage: geminiUsage(usage), responseModel: model }),
    // The SDK's timeout stays armed while the body is read: an abort mid-stream may be it.
    fail: (error) => call.fail(error, abortType(error, callerSignal)),
    abandon: () => call.cancel(),
  }
}

/**
 * Observes the SDK's stream generator in place; false when `stream` is not one (then nothing was
 * changed). The call ends as cancelled if the host drops the generator unfinished.
 */
export function observeGenerator(stream: unknown, call: LlmCall, callerSignal?: unknown): boolean {
  const gen = stream as GeneratorLike | null
  if (
    !gen ||
    typeof gen.next !== 'function' ||
    typeof gen.return !== 'function' ||
    typeof gen.throw !== 'function'
  )
    return false
  const inner: AsyncIterator<unknown> = {
    next: gen.next.bind(gen),
    return: gen.return.bind(gen),
    throw: gen.throw.bind(gen),
  }
  const observed = observeIterator(
    inner,
    generateStreamHandlers(call, callerSignal) as StreamHandlers<unknown>,
  )
  try {
    gen.next = observed.next
    gen.return = observed.return as GeneratorLike['return']
    gen.throw = observed.throw as GeneratorLike['throw']
  } catch {
    // A frozen generator (not the SDK's): the first assignment fails, so nothing was changed.
    return false
  }
  new CallLifetime(call, true).tieTo(gen)
  return true
}
