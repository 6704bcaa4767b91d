import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { createHarness, type Harness } from '../../support/harness.js'

const base = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
}
const full = {
  ...base,
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'server.address': 'api.openai.com',
  'server.port': 443,
}
const start = () =>
  startLlmCall({ provider: 'openai', model: 'gpt-4o-mini', serverAddress: 'api.openai.com', serverPort: 443 })

describe('LLM call tracker', () => {
  let h: Harness
  let d: DiagCapture
  beforeEach(() => {
    d = captureDiag()
    h = createHarness()
  })
  afterEach(async () => {
    d.stop()
    await h.close()
  })

  it('records duration, requests, token histogram and token counters for a successful call', async () => {
    const call = start()
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(1)
    call.end({
      usage: {
        inputTokens: 120,
        outputTokens: 30,
        cacheReadTokens: 100,
        cacheWriteTokens: 7,
        reasoningTokens: 10,
      },
      responseModel: 'gpt-4o-mini-2024-07-18',
    })
    expect((await h.histogram('gen_ai.client.operation.duration', full))?.count).toBe(1)
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
    const input = await h.histogram('gen_ai.client.token.usage', { ...full, 'gen_ai.token.type': 'input' })
    expect(input).toMatchObject({ count: 1, sum: 120 })
    expect(
      (await h.histogram('gen_ai.client.token.usage', { ...full, 'gen_ai.token.type': 'output' }))?.sum,
    ).toBe(30)
    for (const [type, n] of [
      ['input', 120],
      ['output', 30],
      ['cache_read', 100],
      ['cache_write', 7],
      ['reasoning', 10],
    ] as const) {
      expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': type })).toBe(n)
    }
    expect(await h.metric('gen_ai.client.operation.time_to_first_chunk')).toBeUndefined()
  })

  it('records error.type on failure and classifies the error', async () => {
    start().fail(Object.assign(new Error('slow down'), { status: 429 }))
    const failedFull = { ...full, 'gen_ai.response.model': undefined, 'error.type': 'rate_limit' }
    expect((await h.histogram('gen_ai.client.operation.duration', failedFull))?.count).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'rate_limit' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
  })

  it('ignores a second end and an end after fail', async () => {
    const a = start()
    a.end({ usage: { inputTokens: 1, outputTokens: 1 } })
    a.end({ usage: { inputTokens: 1000, outputTokens: 1000 } })
    const b = start()
    b.fail(new Error('boom'))
    b.end({ usage: { inputTokens: 5, outputTokens: 5 } })
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': '_OTHER' })).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'input' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
  })

  it('records time to first chunk and one time-per-chunk sample for a stream', async () => {
    const call = start()
    for (let i = 0; i < 5; i++) call.chunk()
    call.cancel()
    const streamAttrs = { ...full, 'gen_ai.response.model': undefined }
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', streamAttrs))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', streamAttrs))?.count).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'cancelled' })).toBe(1)
  })

  it('drops NaN, Infinity, negative and non-numeric token counts with one warning each', async () => {
    start().end({ usage: { inputTokens: Number.NaN, outputTokens: Number.POSITIVE_INFINITY } })
    start().end({ usage: { inputTokens: -5, outputTokens: '12' as unknown as number, cacheReadTokens: 3 } })
    start().end({ usage: { inputTokens: Number.NaN } })
    expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'input' })).toBeUndefined()
    expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'output' })).toBeUndefined()
    expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'cache_read' })).toBe(3)
    expect(await h.value('llmeter.llm.requests', base)).toBe(3)
    expect(d.warnings('input token count')).toHaveLength(1)
    expect(d.warnings('output token count')).toHaveLength(1)
    const rm = await h.collect()
    const values = rm.scopeMetrics.flatMap((s) =>
      s.metrics.flatMap((m) => m.dataPoints.map((p) => JSON.stringify(p.value))),
    )
    expect(values.join()).not.toMatch(/NaN|Infinity|null/)
  })

  it('records a call with no model and no provider without a model label, warning once', async () => {
    startLlmCall({} as never).end()
    startLlmCall(undefined as never).end()
    expect(
      await h.value('llmeter.llm.requests', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': '_OTHER',
      }),
    ).toBe(2)
    expect(d.warnings('without a provider')).toHaveLength(1)
  })

  it('counts each 429 attempt and each retry by the reason the previous attempt failed', async () => {
    const call = start()
    call.httpAttempt(429)
    call.httpAttempt(500)
    call.httpAttempt(200)
    call.end({ usage: { inputTokens: 3, outputTokens: 4 } })
    const attempt = {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'api.openai.com',
    }
    expect(await h.value('llmeter.llm.rate_limits', attempt)).toBe(1)
    expect(await h.value('llmeter.llm.retries', { ...attempt, 'llmeter.retry.reason': 'rate_limit' })).toBe(1)
    expect(await h.value('llmeter.llm.retries', { ...attempt, 'llmeter.retry.reason': 'server_error' })).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
  })

  it('takes a server named after the start only while it has none and has not ended', async () => {
    const late = startLlmCall({ provider: 'openai', model: 'late' })
    late.setServer('late.example', 8443)
    late.setServer('other.example', 443)
    late.end()
    const named = startLlmCall({
      provider: 'openai',
      model: 'named',
      serverAddress: 'a.example',
      serverPort: 443,
    })
    named.setServer('b.example', 443)
    named.end()
    const ended = startLlmCall({ provider: 'openai', model: 'ended' })
    ended.end()
    ended.setServer('c.example', 443)
    const duration = (model: string, server: Record<string, unknown>) =>
      h.histogram('gen_ai.client.operation.duration', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': model,
        ...server,
      })
    expect((await duration('late', { 'server.address': 'late.example', 'server.port': 8443 }))?.count).toBe(1)
    expect((await duration('named', { 'server.address': 'a.example', 'server.port': 443 }))?.count).toBe(1)
    expect((await duration('ended', {}))?.count).toBe(1)
  })

  it('never throws into the caller when an instrument throws', async () => {
    h.recorder.instruments.operationDuration.record = () => {
      throw new Error('instrument broke')
    }
    const call = start()
    expect(() => call.end({ usage: { inputTokens: 1, outputTokens: 1 } })).not.toThrow()
    expect(() => call.fail(new Error('x'))).not.toThrow()
    expect(() => call.httpAttempt(429)).not.toThrow()
  })
})
