import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import type { Recorder } from '../../../src/recording/recorder.js'
import { recorderFor, setDefaultProvider } from '../../../src/recording/registry.js'
import { llmeterViews } from '../../../src/sdk/views.js'
import { withAgent, withTool } from '../../../src/tracking/agent.js'
import { LlmCall } from '../../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'

const CAP = 100
// The full flood in CI (`test:all` sets LLMETER_FULL_SIZE); a tenth of it in `npm test`, same assertions.
const CALLS = process.env.LLMETER_FULL_SIZE ? 1_000_000 : 100_000
const AGENTS = 20_000

describe('a flood of distinct label values', () => {
  let reader: LlmeterPrometheusReader
  let provider: MeterProvider
  let d: DiagCapture
  let text = ''
  let recorder: Recorder
  beforeAll(async () => {
    d = captureDiag()
    reader = new LlmeterPrometheusReader()
    provider = new MeterProvider({ views: llmeterViews(), readers: [reader] })
    recorder = recorderFor(provider)
    recorder.configure({ maxValuesPerAttribute: CAP })
    setDefaultProvider(provider)
    for (let i = 0; i < CALLS; i++) {
      new LlmCall({ provider: 'openai', model: `model-${i}` }, recorder).end({
        usage: { inputTokens: 2, outputTokens: 1 },
      })
    }
    for (let i = 0; i < AGENTS; i++) {
      await withAgent(`agent-${i}`, () => withTool(`tool-${i}`, () => i))
    }
    text = await reader.scrape()
    console.log(
      `cardinality flood: ${CALLS} distinct models, ${AGENTS} agents and tools, cap ${CAP}: ` +
        `${text.split('\n').length} exposition lines, ${(text.length / 1024).toFixed(0)} KiB`,
    )
  }, 120_000)
  afterAll(async () => {
    setDefaultProvider(undefined)
    await provider.shutdown()
    d.stop()
  })

  const seriesOf = (name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`))

  it('keeps each attribute at its cap plus one _OTHER series', () => {
    const requests = seriesOf('llmeter_llm_requests_total')
    expect(requests).toHaveLength(CAP + 1)
    expect(requests).toContain(
      `llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="_OTHER"} ${CALLS - CAP}`,
    )
    expect(seriesOf('llmeter_agent_invocations_total')).toHaveLength(CAP + 1)
    expect(seriesOf('llmeter_tool_executions_total')).toHaveLength(CAP + 1)
    expect(seriesOf('gen_ai_client_operation_duration_seconds_count')).toHaveLength(CAP + 1)
  })

  it('counts the overflow per attribute and says once which attribute overflowed', () => {
    expect(seriesOf('llmeter_attribute_overflows_total').sort()).toEqual(
      [
        `llmeter_attribute_overflows_total{llmeter_attribute_key="gen_ai.agent.name"} ${AGENTS - CAP}`,
        `llmeter_attribute_overflows_total{llmeter_attribute_key="gen_ai.request.model"} ${CALLS - CAP}`,
        `llmeter_attribute_overflows_total{llmeter_attribute_key="gen_ai.tool.name"} ${AGENTS - CAP}`,
      ].sort(),
    )
    expect(d.warnings('gen_ai.request.model reached its cap')).toHaveLength(1)
    expect(d.warnings('gen_ai.agent.name reached its cap')).toHaveLength(1)
    expect(d.warnings('gen_ai.tool.name reached its cap')).toHaveLength(1)
  })

  it('keeps the exposition from growing with more new values', async () => {
    const before = (await reader.scrape()).split('\n').length
    for (let i = 0; i < 100_000; i++) new LlmCall({ provider: 'openai', model: `more-${i}` }, recorder).end()
    const after = (await reader.scrape()).split('\n').length
    expect(after).toBe(before)
    expect(text.length).toBeLessThan(2_000_000)
  })
})
