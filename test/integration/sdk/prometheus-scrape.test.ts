import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { type RunningPrometheus, startPrometheus } from '../../support/prometheus.js'

describe('a real Prometheus scraping an app under llmeter/register', () => {
  let app: ChildApp
  let prometheus: RunningPrometheus
  beforeAll(async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/plain-http.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OTEL_SERVICE_NAME: 'scrape-test',
    })
    for (let i = 0; i < 3; i++) await fetch(`${app.info.appUrl}/work`)
    prometheus = await startPrometheus({ targets: [new URL(app.info.metricsUrl!).host] })
  })
  afterAll(async () => {
    await prometheus?.stop()
    await app?.stop('SIGKILL')
  })

  const scalar = (r: { value: [number, string] }[]) => (r.length === 1 ? Number(r[0]!.value[1]) : undefined)

  it('answers PromQL with the recorded numbers', async () => {
    const requests = await prometheus.waitFor(
      'sum(llmeter_llm_requests_total{gen_ai_provider_name="openai"})',
      (r) => scalar(r) === 3,
    )
    expect(scalar(requests)).toBe(3)
    expect(scalar(await prometheus.query('sum(llmeter_llm_tokens_total{gen_ai_token_type="input"})'))).toBe(
      300,
    )
    expect(
      scalar(await prometheus.query('sum(llmeter_llm_tokens_total{gen_ai_token_type="cache_read"})')),
    ).toBe(120)
    expect(scalar(await prometheus.query('sum(llmeter_llm_requests_total{error_type="rate_limit"})'))).toBe(3)
    expect(
      scalar(
        await prometheus.query(
          'sum(gen_ai_client_operation_duration_seconds_count{gen_ai_provider_name="openai"})',
        ),
      ),
    ).toBe(3)
    expect(
      scalar(await prometheus.query('sum(llmeter_agent_invocations_total{gen_ai_agent_name="support-bot"})')),
    ).toBe(3)
    expect(scalar(await prometheus.query('sum(http_server_request_duration_seconds_count)'))).toBe(3)
    expect(scalar(await prometheus.query('up{job="llmeter-test"}'))).toBe(1)
    const p95 = await prometheus.query(
      'histogram_quantile(0.95, sum by (le) (gen_ai_client_operation_duration_seconds_bucket{gen_ai_provider_name="openai"}))',
    )
    expect(Number(p95[0]?.value[1])).toBeGreaterThan(0)
  })
})
