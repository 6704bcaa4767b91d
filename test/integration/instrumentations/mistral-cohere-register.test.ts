import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'
import { startCohereServer } from '../../support/wire/cohere.js'
import { startMistralServer } from '../../support/wire/mistral.js'
import type { WireServer } from '../../support/wire/server.js'

// An app using the real @mistralai/mistralai (an ES module package) and cohere-ai (CommonJS,
// imported from an ES module) clients under `node --import llmeter/register`: exact token totals
// and costs, one duration sample per call, a time to first chunk per stream, the retried 429
// counted though the call succeeded, and no active request left after an abandoned stream.
describe('an app using mistral and cohere under --import llmeter/register', () => {
  let mistral: WireServer
  let cohere: WireServer
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    mistral = await startMistralServer()
    cohere = await startCohereServer()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/mistral-cohere.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      MISTRAL_URL: mistral.url,
      COHERE_URL: cohere.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
    // @mistralai/mistralai is a large ES module package: loading it alone can take many seconds on
    // a busy machine, more than the project's default hook timeout.
  }, 180_000)
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await mistral?.close()
    await cohere?.close()
  })

  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }
  const sum = (prefix: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)
  const mi =
    'gen_ai_operation_name="chat",gen_ai_provider_name="mistral_ai",gen_ai_request_model="mistral-large-latest"'
  const co =
    'gen_ai_operation_name="chat",gen_ai_provider_name="cohere",gen_ai_request_model="command-a-03-2025"'
  const miEmbed =
    'gen_ai_operation_name="embeddings",gen_ai_provider_name="mistral_ai",gen_ai_request_model="mistral-embed"'
  const coEmbed =
    'gen_ai_operation_name="embeddings",gen_ai_provider_name="cohere",gen_ai_request_model="embed-v4.0"'

  it('has exact token totals: three completed chats each, the abandoned stream had no usage yet', () => {
    expect(value(`llmeter_llm_tokens_total{${mi},gen_ai_token_type="input"}`)).toBe(360)
    expect(value(`llmeter_llm_tokens_total{${mi},gen_ai_token_type="output"}`)).toBe(90)
    expect(value(`llmeter_llm_tokens_total{${co},gen_ai_token_type="input"}`)).toBe(420)
    expect(value(`llmeter_llm_tokens_total{${co},gen_ai_token_type="output"}`)).toBe(75)
    expect(value(`llmeter_llm_tokens_total{${miEmbed},gen_ai_token_type="input"}`)).toBe(12)
    expect(value(`llmeter_llm_tokens_total{${coEmbed},gen_ai_token_type="input"}`)).toBe(9)
  })

  it('has one duration sample per call and a time to first chunk per stream', () => {
    expect(sum(`gen_ai_client_operation_duration_seconds_count{${mi}`)).toBe(4)
    expect(sum(`gen_ai_client_operation_duration_seconds_count{${co}`)).toBe(4)
    expect(sum(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${mi}`)).toBe(2)
    expect(sum(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${co}`)).toBe(2)
  })

  it('counts the retried 429s though the calls succeeded, and the abandoned streams as cancelled', () => {
    const attempt = (provider: string, model: string) =>
      `{gen_ai_provider_name="${provider}",gen_ai_request_model="${model}",server_address="127.0.0.1"}`
    expect(value(`llmeter_llm_rate_limits_total${attempt('mistral_ai', 'mistral-large-latest')}`)).toBe(1)
    expect(value(`llmeter_llm_rate_limits_total${attempt('cohere', 'command-a-03-2025')}`)).toBe(1)
    expect(value(`llmeter_llm_requests_total{${mi}}`)).toBe(3)
    expect(value(`llmeter_llm_requests_total{${mi},error_type="cancelled"}`)).toBe(1)
    expect(value(`llmeter_llm_requests_total{${co}}`)).toBe(3)
    expect(value(`llmeter_llm_requests_total{${co},error_type="cancelled"}`)).toBe(1)
    expect(value(`llmeter_llm_active_requests{${mi}}`)).toBe(0)
    expect(value(`llmeter_llm_active_requests{${co}}`)).toBe(0)
  })

  it('prices the calls exactly from the bundled catalog and promtool accepts the scrape', () => {
    // mistral-large: $2 / $6 per million; command-a: $2.50 / $10 per million.
    expect(value(`llmeter_llm_cost_usd_total{${mi},llmeter_cost_type="input"}`)).toBeCloseTo(360 * 2e-6, 12)
    expect(value(`llmeter_llm_cost_usd_total{${mi},llmeter_cost_type="output"}`)).toBeCloseTo(90 * 6e-6, 12)
    expect(value(`llmeter_llm_cost_usd_total{${co},llmeter_cost_type="input"}`)).toBeCloseTo(420 * 2.5e-6, 12)
    expect(value(`llmeter_llm_cost_usd_total{${co},llmeter_cost_type="output"}`)).toBeCloseTo(75 * 10e-6, 12)
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })

  it('writes nothing on stderr', () => {
    expect(app.stderr()).toBe('')
  })
})

describe('a CommonJS app using cohere-ai under --require llmeter/register', () => {
  let cohere: WireServer
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    cohere = await startCohereServer()
    app = await startChildApp(['--require', 'llmeter/register', 'test/fixtures/apps/cohere-cjs.cjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      COHERE_URL: cohere.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  }, 120_000)
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await cohere?.close()
  })

  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }
  const co =
    'gen_ai_operation_name="chat",gen_ai_provider_name="cohere",gen_ai_request_model="command-r-plus"'

  it('records the three calls, their tokens and the retried 429', () => {
    expect(value(`llmeter_llm_requests_total{${co}}`)).toBe(3)
    expect(value(`llmeter_llm_tokens_total{${co},gen_ai_token_type="input"}`)).toBe(420)
    expect(value(`llmeter_llm_tokens_total{${co},gen_ai_token_type="output"}`)).toBe(75)
    expect(
      value(
        'llmeter_llm_rate_limits_total{gen_ai_provider_name="cohere",gen_ai_request_model="command-r-plus",server_address="127.0.0.1"}',
      ),
    ).toBe(1)
    expect(value(`llmeter_llm_active_requests{${co}}`)).toBe(0)
    expect(app.stderr()).toBe('')
  })
})
