import { describe, expect, it } from 'vitest'
import { messageStreamHandlers } from '../../../src/instrumentations/anthropic/streams.js'
import { anthropicUsage } from '../../../src/instrumentations/anthropic/usage.js'
import type { LlmCall, LlmCallResult } from '../../../src/tracking/llm-call.js'

/** A call that remembers what it was told. */
function fakeCall() {
  const seen = { chunks: 0, ended: undefined as LlmCallResult | undefined, cancelled: false }
  const call = {
    chunk: () => seen.chunks++,
    end: (result: LlmCallResult) => {
      seen.ended = result
    },
    fail: () => {},
    cancel: () => {
      seen.cancelled = true
    },
  } as unknown as LlmCall
  return { call, seen }
}

describe('anthropic usage mapping', () => {
  it('adds cache reads and writes to input_tokens, which Anthropic reports without them', () => {
    const usage = anthropicUsage({
      input_tokens: 100,
      output_tokens: 20,
      cache_read_input_tokens: 30,
      cache_creation_input_tokens: 7,
    })
    expect(usage).toEqual({ inputTokens: 137, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 7 })
  })

  it('leaves missing or null cache counts out (nothing to count)', () => {
    const usage = anthropicUsage({ input_tokens: 5, output_tokens: 1, cache_read_input_tokens: null })
    expect(usage).toEqual({ inputTokens: 5, outputTokens: 1 })
    expect(anthropicUsage(undefined)).toBeUndefined()
  })

  it('takes input from message_start and the final output from message_delta in a stream', () => {
    const { call, seen } = fakeCall()
    const handlers = messageStreamHandlers(call)
    handlers.chunk({
      type: 'message_start',
      message: {
        model: 'claude-x',
        usage: { input_tokens: 10, cache_read_input_tokens: 4, output_tokens: 1 },
      },
    })
    handlers.chunk({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'a' } })
    handlers.chunk({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'b' } })
    handlers.chunk({ type: 'message_delta', usage: { output_tokens: 12 } })
    handlers.end()
    expect(seen.chunks).toBe(2)
    expect(seen.ended).toEqual({
      usage: { inputTokens: 14, outputTokens: 12, cacheReadTokens: 4 },
      responseModel: 'claude-x',
    })
  })

  it('counts 1-hour cache writes apart, inside cache writes, from cache_creation', () => {
    // The breakdown Anthropic sends next to cache_creation_input_tokens (its sum).
    const usage = anthropicUsage({
      input_tokens: 1000,
      cache_creation_input_tokens: 3500,
      cache_read_input_tokens: 200,
      cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 3000 },
      output_tokens: 100,
    })
    expect(usage).toEqual({
      inputTokens: 4700,
      outputTokens: 100,
      cacheReadTokens: 200,
      cacheWriteTokens: 3500,
      cacheWrite1hTokens: 3000,
    })
  })

  it('keeps the cache_creation breakdown of message_start when message_delta repeats the counts', () => {
    const { call, seen } = fakeCall()
    const handlers = messageStreamHandlers(call)
    handlers.chunk({
      type: 'message_start',
      message: {
        model: 'm',
        usage: {
          input_tokens: 10,
          cache_creation_input_tokens: 40,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 40 },
          output_tokens: 1,
        },
      },
    })
    handlers.chunk({ type: 'message_delta', usage: { output_tokens: 7 } })
    handlers.end()
    expect(seen.ended?.usage).toEqual({
      inputTokens: 50,
      outputTokens: 7,
      cacheWriteTokens: 40,
      cacheWrite1hTokens: 40,
    })
  })

  it('prefers the cumulative input counts a newer message_delta repeats', () => {
    const { call, seen } = fakeCall()
    const handlers = messageStreamHandlers(call)
    handlers.chunk({
      type: 'message_start',
      message: { model: 'm', usage: { input_tokens: 1, output_tokens: 1 } },
    })
    handlers.chunk({
      type: 'message_delta',
      usage: { input_tokens: 50, cache_creation_input_tokens: 5, output_tokens: 9 },
    })
    handlers.end()
    expect(seen.ended?.usage).toEqual({
      inputTokens: 55,
      outputTokens: 9,
      cacheWriteTokens: 5,
    })
  })
})
