import { afterEach, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'

const env = { OTEL_EXPORTER_PROMETHEUS_PORT: '0', OTEL_SERVICE_NAME: 'register-test' }

describe('node --import llmeter/register on a plain node:http app', () => {
  let app: ChildApp | undefined
  afterEach(async () => {
    await app?.stop('SIGKILL')
    app = undefined
  })

  it('serves the recorded metrics with spec names that promtool accepts', async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/plain-http.mjs'], env)
    expect(app.info.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    expect((await fetch(`${app.info.appUrl}/work`)).status).toBe(200)
    const res = await fetch(app.info.metricsUrl!)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await res.text()
    const call =
      'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini"'
    expect(text).toContain(`llmeter_llm_requests_total{${call}} 1\n`)
    expect(text).toContain(`llmeter_llm_tokens_total{${call},gen_ai_token_type="input"} 100\n`)
    expect(text).toContain(`llmeter_llm_tokens_total{${call},gen_ai_token_type="cache_read"} 40\n`)
    expect(text).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4-5",error_type="rate_limit"} 1\n',
    )
    expect(text).toMatch(
      /^gen_ai_client_operation_duration_seconds_count\{.*gen_ai_response_model="gpt-4o-mini-2024-07-18".*\} 1$/m,
    )
    expect(text).toMatch(/^gen_ai_client_operation_time_to_first_chunk_seconds_count\{.*\} 1$/m)
    expect(text).toContain('llmeter_agent_invocations_total{gen_ai_agent_name="support-bot"} 1\n')
    expect(text).toContain(
      'llmeter_tool_executions_total{gen_ai_tool_name="search",gen_ai_agent_name="support-bot"} 1\n',
    )
    expect(text).toContain(
      'llmeter_cache_lookups_total{llmeter_cache_type="semantic",llmeter_cache_result="hit"} 1\n',
    )
    expect(text).toMatch(/^target_info\{.*service_name="register-test".*\} 1$/m)
    // One HTTP request to the app; the scrape itself is not counted.
    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{http_request_method="GET",.*http_response_status_code="200".*\} 1$/m,
    )
    // LLM-length buckets: a chat route's 30 to 120 s falls inside a bucket, not past the last one.
    const les = [...text.matchAll(/^http_server_request_duration_seconds_bucket\{[^}]*le="([^"]+)"/gm)].map(
      (m) => m[1],
    )
    expect(les).toEqual(
      [
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.075',
        '0.1',
        '0.25',
        '0.5',
        '0.75',
        '1',
        '2.5',
        '5',
        '7.5',
        '10',
      ].concat(['20', '30', '60', '120', '300', '+Inf']),
    )
    const check = promtoolCheckMetrics(text)
    expect(check.output).toBe('')
    expect(check.status).toBe(0)
  })

  it('works for a CommonJS app under --require', async () => {
    app = await startChildApp(['--require', 'llmeter/register', 'test/fixtures/apps/plain-http.cjs'], env)
    await fetch(app.info.appUrl!)
    const text = await (await fetch(app.info.metricsUrl!)).text()
    expect(text).toContain(
      'llmeter_llm_tokens_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_token_type="output"} 6\n',
    )
  })

  it('keeps the default exit behaviour on SIGTERM when the app has no handler of its own', async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/plain-http.cjs'], env)
    const { code, signal } = await app.stop('SIGTERM')
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' })
  })

  it('lets an app that handles SIGTERM itself decide how to exit', async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/plain-http.cjs'], {
      ...env,
      APP_HANDLES_SIGTERM: '1',
    })
    const { code, signal } = await app.stop('SIGTERM')
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  })

  it.each(['express-app.mjs', 'fastify-app.mjs'])(
    'puts the route template on HTTP metrics for %s',
    async (fixture) => {
      app = await startChildApp(['--import', 'llmeter/register', `test/fixtures/apps/${fixture}`], env)
      await fetch(`${app.info.appUrl}/users/1`)
      await fetch(`${app.info.appUrl}/users/2`)
      const text = await (await fetch(app.info.metricsUrl!)).text()
      expect(text).toMatch(
        /^http_server_request_duration_seconds_count\{[^}]*http_route="\/users\/:id"[^}]*\} 2$/m,
      )
      expect(text).not.toContain('/users/1')
    },
  )

  it('answers only GET and HEAD on its path', async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/plain-http.mjs'], env)
    const url = app.info.metricsUrl!
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200)
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(405)
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404)
  })
})
