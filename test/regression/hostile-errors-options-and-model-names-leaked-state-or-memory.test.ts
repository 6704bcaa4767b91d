import { afterEach, describe, expect, it } from 'vitest'
import { shutdown, start } from '../../src/sdk/start.js'
import { startAgent } from '../../src/tracking/agent.js'
import { startLlmCall } from '../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../support/diag-capture.js'
import { createHarness, type Harness } from '../support/harness.js'

/** An error object every property access of which throws. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('no reading me')
    },
    getPrototypeOf() {
      throw new Error('no prototype either')
    },
  },
)

describe('hostile input', () => {
  let h: Harness | undefined
  let d: DiagCapture | undefined
  afterEach(async () => {
    d?.stop()
    await h?.close()
    await shutdown()
  })

  it('fail(err) with an error whose property access throws still ends the call and the agent', async () => {
    h = createHarness()
    const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }
    const agent = startAgent('bot')
    startLlmCall({ provider: 'openai' }).fail(hostile)
    agent.fail(hostile)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': '_OTHER' })).toBe(1)
    expect(await h.value('llmeter.agent.active_sessions', { 'gen_ai.agent.name': 'bot' })).toBe(0)
    expect(
      await h.value('llmeter.agent.invocations', { 'gen_ai.agent.name': 'bot', 'error.type': '_OTHER' }),
    ).toBe(1)
  })

  it('start() never throws when an option getter throws, and leaves nothing running', async () => {
    d = captureDiag()
    const options = {
      get prometheus(): never {
        throw new Error('getter exploded')
      },
    }
    const instance = await start(options as never)
    expect(instance.metricsUrl).toBeUndefined()
    expect(d.warnings('start() failed')).toHaveLength(1)
    // Nothing was left half-installed: a clean start works right after.
    const next = await start({ prometheus: { port: 0 }, httpMetrics: false, flushOnExit: false })
    expect(next.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
  })

  it('keeps neither huge model names nor an unbounded number of warnings', async () => {
    d = captureDiag()
    h = createHarness()
    const huge = (i: number) => `${i}-${'x'.repeat(100_000)}`
    for (let i = 0; i < 3_000; i++) {
      startLlmCall({ provider: 'nobody', model: huge(i) }).end({
        usage: { inputTokens: 1, outputTokens: 1 },
        responseModel: huge(i),
      })
    }
    const warnings = d.warnings('')
    // 1,000 distinct warnings, then one saying the rest are not shown.
    expect(warnings.length).toBe(1_001)
    expect(d.warnings('further ones are not shown')).toHaveLength(1)
    expect(Math.max(...warnings.map((w) => w.length))).toBeLessThan(1_500)
  })
})
