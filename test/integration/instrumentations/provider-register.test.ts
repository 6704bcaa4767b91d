import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { type GroqWire, startGroqWire } from '../../support/groq-wire.js'
import { EVAL_TOKENS, type OllamaWire, PROMPT_TOKENS, startOllamaWire } from '../../support/ollama-wire.js'
import { scrapeValue } from '../../support/scrape-value.js'

// An app using the real ollama, groq-sdk and openai clients under `node --import llmeter/register`,
// with LLMETER_PROVIDERS naming the host of its OpenAI-compatible server: exact tokens and costs,
// the retried 429, the abandoned stream, and the configured provider on every metric of that host.
describe('ollama, groq-sdk and a named openai host under --import llmeter/register', () => {
  let ollama: OllamaWire
  let groq: GroqWire
  let vllm: GroqWire
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    ;[ollama, groq, vllm] = await Promise.all([startOllamaWire(), startGroqWire(), startGroqWire()])
    groq.behave('limited', { status: 429, failures: 1 })
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/provider-clients.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OLLAMA_URL: ollama.url,
      GROQ_URL: groq.url,
      VLLM_URL: vllm.url,
      LLMETER_PROVIDERS: `127.0.0.1:${vllm.port}=vllm,bad entry`,
      OTEL_LOG_LEVEL: 'warn',
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await Promise.all([ollama?.close(), groq?.close(), vllm?.close()])
  })

  const value = (series: string) => scrapeValue(text, series)
  const labels = (operation: string, provider: string, model: string) =>
    `gen_ai_operation_name="${operation}",gen_ai_provider_name="${provider}",gen_ai_request_model="${model}"`

  it('records ollama chat, generate and embed with exact tokens; the abandoned stream is one cancelled call', () => {
    const chat = labels('chat', 'ollama', 'llama3.2')
    expect(value(`llmeter_llm_requests_total{${chat}}`)).toBe(2)
    expect(value(`llmeter_llm_tokens_total{${chat},gen_ai_token_type="input"}`)).toBe(2 * PROMPT_TOKENS)
    expect(value(`llmeter_llm_tokens_total{${chat},gen_ai_token_type="output"}`)).toBe(2 * EVAL_TOKENS)
    const gen = labels('text_completion', 'ollama', 'llama3.2')
    expect(value(`llmeter_llm_requests_total{${gen},error_type="cancelled"}`)).toBe(1)
    expect(value(`llmeter_llm_active_requests{${gen}}`)).toBe(0)
    const embed = labels('embeddings', 'ollama', 'nomic-embed-text')
    expect(value(`llmeter_llm_tokens_total{${embed},gen_ai_token_type="input"}`)).toBe(PROMPT_TOKENS)
    // Local models have no catalog price.
    expect(value(`llmeter_llm_unpriced_total{${chat}}`)).toBe(2)
  })

  it('records groq calls with exact tokens and cost, and the retried 429', () => {
    const g = labels('chat', 'groq', 'llama-3.3-70b-versatile')
    expect(value(`llmeter_llm_requests_total{${g}}`)).toBe(2)
    expect(value(`llmeter_llm_tokens_total{${g},gen_ai_token_type="input"}`)).toBe(2400)
    expect(value(`llmeter_llm_tokens_total{${g},gen_ai_token_type="output"}`)).toBe(600)
    expect(value(`llmeter_llm_cost_usd_total{${g},llmeter_cost_type="input"}`)).toBeCloseTo(
      (2400 * 0.59) / 1e6,
      12,
    )
    expect(value(`llmeter_llm_cost_usd_total{${g},llmeter_cost_type="output"}`)).toBeCloseTo(
      (600 * 0.79) / 1e6,
      12,
    )
    const sum = (prefix: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(prefix))
        .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)
    expect(sum(`gen_ai_client_operation_time_to_first_chunk_seconds_count{${g}`)).toBe(1)
    expect(
      value(
        'llmeter_llm_rate_limits_total{gen_ai_provider_name="groq",gen_ai_request_model="limited",server_address="127.0.0.1"}',
      ),
    ).toBe(1)
    expect(value(`llmeter_llm_requests_total{${labels('chat', 'groq', 'limited')}}`)).toBe(1)
  })

  it('names the openai client calls to the configured host vllm on the counters and the histograms', () => {
    const v = labels('chat', 'vllm', 'served-model')
    expect(value(`llmeter_llm_requests_total{${v}}`)).toBe(1)
    expect(value(`llmeter_llm_tokens_total{${v},gen_ai_token_type="input"}`)).toBe(1200)
    expect(
      value(
        `gen_ai_client_operation_duration_seconds_count{${v},gen_ai_response_model="served-model",server_address="127.0.0.1",server_port="${vllm.port}"}`,
      ),
    ).toBe(1)
    expect(text).not.toContain('gen_ai_provider_name="openai"')
  })

  it('says once that the bad LLMETER_PROVIDERS entry was ignored', () => {
    expect(app.stderr().match(/providers: 1 bad entry ignored \(bad entry=undefined\)/g)).toHaveLength(1)
  })
})

describe('ollama and groq-sdk loaded with require() under --require llmeter/register', () => {
  let ollama: OllamaWire
  let groq: GroqWire
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    ;[ollama, groq] = await Promise.all([startOllamaWire(), startGroqWire()])
    app = await startChildApp(['--require', 'llmeter/register', 'test/fixtures/apps/provider-clients.cjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OLLAMA_URL: ollama.url,
      GROQ_URL: groq.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await Promise.all([ollama?.close(), groq?.close()])
  })

  it('records both clients with exact tokens and nothing on stderr', () => {
    const value = (series: string) => scrapeValue(text, series)
    const o = 'gen_ai_operation_name="chat",gen_ai_provider_name="ollama",gen_ai_request_model="llama3.2"'
    const g =
      'gen_ai_operation_name="chat",gen_ai_provider_name="groq",gen_ai_request_model="llama-3.3-70b-versatile"'
    expect(value(`llmeter_llm_requests_total{${o}}`)).toBe(2)
    expect(value(`llmeter_llm_tokens_total{${o},gen_ai_token_type="output"}`)).toBe(2 * EVAL_TOKENS)
    expect(value(`llmeter_llm_requests_total{${g}}`)).toBe(2)
    expect(value(`llmeter_llm_tokens_total{${g},gen_ai_token_type="output"}`)).toBe(600)
    expect(app.stderr()).toBe('')
  })
})
