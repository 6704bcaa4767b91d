import { MeterProvider } from '@opentelemetry/sdk-metrics'
import * as fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { llm, recordCacheLookup, startAgent, startTool, withAgent, withTool } from '../../../src/index.js'
import { recorderFor, setDefaultProvider } from '../../../src/recording/registry.js'
import { llmeterViews } from '../../../src/sdk/views.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'

// 12,000 generated cases in CI (`test:all` sets LLMETER_FULL_SIZE); 2,000 in `npm test`, same properties.
const RUNS = process.env.LLMETER_FULL_SIZE ? 12_000 : 2_000

// Values a careless caller could pass anywhere.
const anyValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0, 1e308, 2 ** 53),
  fc.double(),
  fc.string(),
)
const usage = fc.oneof(
  anyValue,
  fc.record(
    {
      inputTokens: anyValue,
      outputTokens: anyValue,
      cacheReadTokens: anyValue,
      cacheWriteTokens: anyValue,
      reasoningTokens: anyValue,
    },
    { requiredKeys: [] },
  ),
)
const callOptions = fc.oneof(
  anyValue,
  fc.record(
    {
      provider: anyValue,
      model: anyValue,
      operation: anyValue,
      serverAddress: anyValue,
      serverPort: anyValue,
      attributes: anyValue,
    },
    { requiredKeys: [] },
  ),
)
const step = fc.oneof(
  fc.record({
    kind: fc.constant('end' as const),
    arg: fc.oneof(
      anyValue,
      fc.record({ usage, responseModel: anyValue, costUsd: anyValue }, { requiredKeys: [] }),
    ),
  }),
  fc.record({ kind: fc.constant('fail' as const), arg: anyValue, type: anyValue }),
  fc.record({ kind: fc.constant('cancel' as const) }),
  fc.record({ kind: fc.constant('chunk' as const) }),
  fc.record({ kind: fc.constant('attempt' as const), arg: anyValue, type: anyValue }),
  fc.record({ kind: fc.constant('model' as const), arg: anyValue }),
)

describe('the public API under arbitrary input and call order', () => {
  let provider: MeterProvider
  let reader: LlmeterPrometheusReader
  let d: DiagCapture
  beforeAll(() => {
    d = captureDiag()
    reader = new LlmeterPrometheusReader()
    provider = new MeterProvider({ views: llmeterViews(), readers: [reader] })
    recorderFor(provider).configure({ maxValuesPerAttribute: 50 })
    setDefaultProvider(provider)
  })
  afterAll(async () => {
    setDefaultProvider(undefined)
    await provider.shutdown()
    d.stop()
  })

  it(`never throws into the caller (${RUNS} generated call sequences)`, async () => {
    let steps = 0
    await fc.assert(
      fc.asyncProperty(
        callOptions,
        fc.array(step, { maxLength: 8 }),
        anyValue,
        anyValue,
        async (options, steps_, name, hit) => {
          const call = llm.start(options as never)
          for (const s of steps_) {
            steps++
            if (s.kind === 'end') call.end(s.arg as never)
            else if (s.kind === 'fail') call.fail(s.arg, s.type as never)
            else if (s.kind === 'cancel') call.cancel()
            else if (s.kind === 'chunk') call.chunk()
            else if (s.kind === 'attempt') call.httpAttempt(s.arg as never, s.type as never)
            else call.setResponseModel(s.arg as never)
          }
          // Whatever happened above, an abandoned call ends here; active counts must come back to 0.
          call.cancel()
          recordCacheLookup({ type: name as never, hit: hit as never })
          startAgent(name as never)?.fail(hit)
          startTool(name as never)?.end()
          const value = { v: hit }
          expect(await withAgent(name as never, () => withTool(name as never, () => value))).toBe(value)
        },
      ),
      { numRuns: RUNS },
    )
    console.log(
      `public API properties: ${RUNS} generated cases, ${steps} call steps, no exception reached the caller`,
    )
  }, 120_000)

  it('leaves no NaN, infinite or negative value in the exposition, and promtool accepts it', async () => {
    const text = await reader.scrape()
    const samples = text.split('\n').filter((l) => l && !l.startsWith('#'))
    expect(samples.length).toBeGreaterThan(100)
    for (const line of samples) {
      const value = line.slice(line.lastIndexOf(' ') + 1)
      expect(value, line).not.toMatch(/NaN|Inf/)
      const n = Number(value)
      expect(Number.isFinite(n), line).toBe(true)
      if (
        !line.startsWith('llmeter_llm_active_requests') &&
        !line.startsWith('llmeter_agent_active_sessions')
      ) {
        expect(n, line).toBeGreaterThanOrEqual(0)
      }
    }
    const active = samples.filter((l) => /_active_(requests|sessions)\{/.test(l))
    expect(active.filter((l) => Number(l.split(' ').pop()) !== 0)).toEqual([])
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })
})
