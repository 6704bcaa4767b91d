import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { createHarness, type Harness } from '../../support/harness.js'

describe('bounded labels', () => {
  let h: Harness
  let d: DiagCapture
  beforeEach(() => {
    d = captureDiag()
    h = createHarness({ maxValuesPerAttribute: 3 })
  })
  afterEach(async () => {
    d.stop()
    await h.close()
  })

  it('admits the first N distinct models and records later ones as _OTHER', async () => {
    for (let i = 0; i < 10; i++) startLlmCall({ provider: 'openai', model: `model-${i}` }).end()
    startLlmCall({ provider: 'openai', model: 'model-1' }).end()
    const labels = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }
    expect(await h.value('llmeter.llm.requests', { ...labels, 'gen_ai.request.model': 'model-1' })).toBe(2)
    expect(await h.value('llmeter.llm.requests', { ...labels, 'gen_ai.request.model': '_OTHER' })).toBe(7)
    expect(
      await h.value('llmeter.attribute.overflows', { 'llmeter.attribute.key': 'gen_ai.request.model' }),
    ).toBe(7)
    const series = (await h.metric('llmeter.llm.requests'))?.dataPoints.length
    expect(series).toBe(4)
    expect(d.warnings('gen_ai.request.model reached its cap of 3')).toHaveLength(1)
  })

  it('cuts values longer than 128 characters', async () => {
    startLlmCall({ provider: 'openai', model: 'm'.repeat(500) }).end()
    const point = (await h.metric('llmeter.llm.requests'))?.dataPoints[0]
    expect(point?.attributes['gen_ai.request.model']).toBe('m'.repeat(128))
  })
})
