import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { type GeminiServer, startGeminiServer } from '../../support/gemini-server.js'
import { scrapeValue } from '../../support/scrape-value.js'

// An app using the real @google/genai client under `node --import llmeter/register` (ESM) and
// `node --require llmeter/register` (CommonJS), with no llmeter code: exact token totals, one
// duration sample per call, a time to first chunk per stream, the retried 429 counted though the call
// succeeded, the abandoned stream cancelled, and the provider named by the client's mode.
describe.each([
  ['--import', 'test/fixtures/apps/google-genai.mjs'],
  ['--require', 'test/fixtures/apps/google-genai.cjs'],
])('an app using @google/genai under %s llmeter/register', (flag, appPath) => {
  let server: GeminiServer
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    server = await startGeminiServer()
    app = await startChildApp([flag, 'llmeter/register', appPath], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      GEMINI_URL: server.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await server?.close()
  })

  const value = (series: string) => scrapeValue(text, series)
  const sum = (prefix: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)
  const labels = (provider: string) =>
    `gen_ai_operation_name="generate_content",gen_ai_provider_name="${provider}",gen_ai_request_model="gemini-2.5-flash"`
  const gemini = labels('gcp.gemini')
  const vertex = labels('gcp.vertex_ai')

  it('has exact token totals per provider', () => {
    // Four completed Gemini API calls of 105 input (30 cached) and 35 output (15 thinking); the
    // abandoned stream never reached its usage event. One Vertex AI call.
    expect(value(`llmeter_llm_tokens_total{${gemini},gen_ai_token_type="input"}`)).toBe(420)
    expect(value(`llmeter_llm_tokens_total{${gemini},gen_ai_token_type="output"}`)).toBe(140)
    expect(value(`llmeter_llm_tokens_total{${gemini},gen_ai_token_type="cache_read"}`)).toBe(120)
    expect(value(`llmeter_llm_tokens_total{${gemini},gen_ai_token_type="reasoning"}`)).toBe(60)
    expect(value(`llmeter_llm_tokens_total{${vertex},gen_ai_token_type="input"}`)).toBe(105)
  })

  it('has one duration sample per call and a time to first chunk per stream', () => {
    expect(sum(`gen_ai_client_operation_duration_seconds_count{${gemini}`)).toBe(5)
    expect(sum(`gen_ai_client_operation_duration_seconds_count{${vertex}`)).toBe(1)
    expect(sum(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${gemini}`)).toBe(2)
  })

  it('counts the retried 429 though the call succeeded, and the abandoned stream as cancelled', () => {
    expect(
      value(
        'llmeter_llm_rate_limits_total{gen_ai_provider_name="gcp.gemini",gen_ai_request_model="gemini-2.5-flash",server_address="127.0.0.1"}',
      ),
    ).toBe(1)
    expect(value(`llmeter_llm_requests_total{${gemini}}`)).toBe(4)
    expect(value(`llmeter_llm_requests_total{${gemini},error_type="cancelled"}`)).toBe(1)
    expect(value(`llmeter_llm_active_requests{${gemini}}`)).toBe(0)
    expect(value(`llmeter_llm_requests_total{${vertex}}`)).toBe(1)
  })

  it('prints nothing on stderr', () => {
    expect(app.stderr()).toBe('')
  })

  it('prices the calls from the bundled catalog', () => {
    // 4 calls x 20 output tokens at 2.50 $/M.
    expect(value(`llmeter_llm_cost_usd_total{${gemini},llmeter_cost_type="output"}`)).toBeCloseTo(
      4 * 20 * 2.5e-6,
      15,
    )
  })
})
