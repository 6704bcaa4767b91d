import { resourceFromAttributes } from '@opentelemetry/resources'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { setDefaultProvider } from '../../../src/recording/registry.js'
import { llmeterViews } from '../../../src/sdk/views.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'

function setup() {
  const reader = new LlmeterPrometheusReader()
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'chat "api"\nv2' }),
    views: llmeterViews({ 'gen_ai.client.operation.duration': [0.5, 1] }),
    readers: [reader],
  })
  setDefaultProvider(provider)
  return { reader, provider }
}

describe('Prometheus exposition', () => {
  let provider: MeterProvider | undefined
  afterEach(async () => {
    setDefaultProvider(undefined)
    await provider?.shutdown()
  })

  it('serves spec names, HELP and TYPE, escaped labels and cumulative buckets', async () => {
    const s = setup()
    provider = s.provider
    const meter = s.provider.getMeter('app')
    meter
      .createCounter('app.jobs', { unit: '{job}', description: 'Jobs\\done\nnewline' })
      .add(2, { 'job.kind': 'a"b\\c\nd' })
    const call = startLlmCall({ provider: 'openai', model: 'gpt-4o' })
    call.end({ usage: { inputTokens: 7, outputTokens: 3 } })
    const text = await s.reader.scrape()
    expect(text).toContain('# HELP target_info Target metadata\n# TYPE target_info gauge\n')
    expect(text).toMatch(/^target_info\{service_name="chat \\"api\\"\\nv2"[,}]/m)
    expect(text).toContain('# HELP app_jobs_total Jobs\\\\done\\nnewline\n# TYPE app_jobs_total counter\n')
    expect(text).toContain('app_jobs_total{job_kind="a\\"b\\\\c\\nd"} 2\n')
    const labels = 'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"'
    expect(text).toContain('# TYPE gen_ai_client_operation_duration_seconds histogram\n')
    expect(text).toContain(`gen_ai_client_operation_duration_seconds_bucket{${labels},le="0.5"} 1\n`)
    expect(text).toContain(`gen_ai_client_operation_duration_seconds_bucket{${labels},le="1"} 1\n`)
    expect(text).toContain(`gen_ai_client_operation_duration_seconds_bucket{${labels},le="+Inf"} 1\n`)
    expect(text).toContain(`gen_ai_client_operation_duration_seconds_count{${labels}} 1\n`)
    expect(text).toContain(`llmeter_llm_requests_total{${labels}} 1\n`)
    expect(text).toContain(`llmeter_llm_tokens_total{${labels},gen_ai_token_type="input"} 7\n`)
    expect(text).toContain(`llmeter_llm_active_requests{${labels}} 0\n`)
    expect(text).not.toContain('description missing')
    expect(text).not.toContain('otel_scope')
  })

  it('gives every family exactly one HELP and one TYPE line', async () => {
    const s = setup()
    provider = s.provider
    startLlmCall({ provider: 'openai', model: 'a' }).end({ usage: { inputTokens: 1, outputTokens: 1 } })
    startLlmCall({ provider: 'anthropic', model: 'b' }).fail(new Error('x'))
    const text = await s.reader.scrape()
    const types = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2])
    expect(new Set(types).size).toBe(types.length)
    const helps = text
      .split('\n')
      .filter((l) => l.startsWith('# HELP '))
      .map((l) => l.split(' ')[2])
    expect(helps).toEqual(types)
  })

  it('drops two metrics whose Prometheus names clash with different types', async () => {
    const s = setup()
    provider = s.provider
    const meter = s.provider.getMeter('app')
    meter.createCounter('clash', { description: 'c' }).add(1)
    meter.createUpDownCounter('clash_total', { description: 'g' }).add(1)
    meter.createCounter('ok', { description: 'fine' }).add(1)
    const text = await s.reader.scrape()
    expect(text).not.toContain('clash')
    expect(text).toContain('ok_total 1\n')
  })
})
