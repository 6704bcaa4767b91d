import { afterEach, describe, expect, it, vi } from 'vitest'
import { startLlmCall } from '../../src/tracking/llm-call.js'
import { createHarness, type Harness } from '../support/harness.js'

describe('time_per_output_chunk', () => {
  let h: Harness | undefined
  afterEach(async () => {
    vi.useRealTimers()
    await h?.close()
  })

  it('is the mean gap between output chunks, not stretched by a slow tail after the last one', async () => {
    h = createHarness()
    vi.useFakeTimers({ toFake: ['performance'] })
    const call = startLlmCall({ provider: 'openai', model: 'gpt-4o' })
    vi.advanceTimersByTime(200) // time to first chunk
    call.chunk()
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(60)
      call.chunk()
    }
    vi.advanceTimersByTime(500) // the usage-only tail and the end of the stream
    call.end()
    vi.useRealTimers()
    const attrs = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
    }
    const perChunk = await h.histogram('gen_ai.client.operation.time_per_output_chunk', attrs)
    expect(perChunk?.count).toBe(1)
    expect(perChunk?.sum).toBeCloseTo(0.06, 9)
    const first = await h.histogram('gen_ai.client.operation.time_to_first_chunk', attrs)
    expect(first?.sum).toBeCloseTo(0.2, 9)
    const duration = await h.histogram('gen_ai.client.operation.duration', attrs)
    expect(duration?.sum).toBeCloseTo(0.94, 9)
  })
})
