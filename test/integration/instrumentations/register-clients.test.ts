import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'

// The "done when": an app using the real openai and anthropic clients, under
// `node --import llmeter/register`, shows exact token totals, one duration sample per call, a time
// to first chunk per stream, the retried 429 counted though the call succeeded, and no active
// request left after an abandoned stream.
describe('an app using openai and anthropic under --import llmeter/register', () => {
  let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    provider = await startSimulatedProvider()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/llm-clients.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      PROVIDER_URL: provider.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await provider?.close()
  })

  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }
  const oa = 'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini"'
  const an =
    'gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4-6"'

  it('has exact token totals for both clients', () => {
    // openai: 3 completed calls report 130 input (100 + 30 cached) and 20 output; the abandoned
    // stream never reached its usage chunk.
    expect(value(`llmeter_llm_tokens_total{${oa},gen_ai_token_type="input"}`)).toBe(390)
    expect(value(`llmeter_llm_tokens_total{${oa},gen_ai_token_type="output"}`)).toBe(60)
    expect(value(`llmeter_llm_tokens_total{${oa},gen_ai_token_type="cache_read"}`)).toBe(90)
    expect(value(`llmeter_llm_tokens_total{${oa},gen_ai_token_type="reasoning"}`)).toBe(15)
    // anthropic: 100 input + 30 cache read + 7 cache write, twice.
    expect(value(`llmeter_llm_tokens_total{${an},gen_ai_token_type="input"}`)).toBe(274)
    expect(value(`llmeter_llm_tokens_total{${an},gen_ai_token_type="cache_write"}`)).toBe(14)
  })

  it('has one duration sample per call and a time to first chunk per stream', () => {
    const sum = (prefix: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(prefix))
        .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)
    expect(sum(`gen_ai_client_operation_duration_seconds_count{${oa}`)).toBe(4)
    expect(sum(`gen_ai_client_operation_duration_seconds_count{${an}`)).toBe(2)
    // The abandoned stream was left at its first chunk, the role-only delta, before any content.
    expect(sum(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${oa}`)).toBe(1)
    expect(sum(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${an}`)).toBe(1)
  })

  it('counts the retried 429 though the call succeeded, and the abandoned stream as cancelled', () => {
    expect(
      value(
        'llmeter_llm_rate_limits_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",server_address="127.0.0.1"}',
      ),
    ).toBe(1)
    // Two plain calls (one after a retried 429) and one stream completed; one stream abandoned.
    expect(value(`llmeter_llm_requests_total{${oa},llmeter_request_stream="false"}`)).toBe(2)
    expect(value(`llmeter_llm_requests_total{${oa},llmeter_request_stream="true"}`)).toBe(1)
    expect(
      value(`llmeter_llm_requests_total{${oa},error_type="cancelled",llmeter_request_stream="true"}`),
    ).toBe(1)
    expect(value(`llmeter_llm_active_requests{${oa}}`)).toBe(0)
    expect(value(`llmeter_llm_active_requests{${an}}`)).toBe(0)
  })

  it('prices the calls from the bundled catalog and promtool accepts the scrape', () => {
    expect(value(`llmeter_llm_cost_usd_total{${oa},llmeter_cost_type="output"}`)).toBeGreaterThan(0)
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })
})
