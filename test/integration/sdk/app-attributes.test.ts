import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWireServer, type WireServer } from '../../regression/support/wire-server.js'
import { startChildApp } from '../../support/child-app.js'

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
}

describe('withAttributes and http.route as labels, under --import llmeter/register', () => {
  let wire: WireServer
  beforeAll(async () => {
    wire = await startWireServer(() => ({ json: completion }))
  })
  afterAll(() => wire.close())

  it('puts allowed app attributes on the request, cost and duration series, and drops the others', async () => {
    const app = await startChildApp(
      ['--import', 'llmeter/register', 'test/fixtures/apps/app-attributes.mjs'],
      {
        WIRE_URL: wire.url,
        OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        LLMETER_ATTRIBUTES: 'app.feature,http.route',
      },
    )
    try {
      expect(await (await fetch(`${app.info.appUrl}/chat/42`)).text()).toBe('ok')
      const text = await (await fetch(app.info.metricsUrl!)).text()
      const lines = (prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix))
      const feature = 'app_feature="summarize"'
      const route = 'http_route="/chat/:id"'
      expect(lines('llmeter_llm_requests_total{').filter((l) => l.includes(feature))).toHaveLength(1)
      expect(lines('llmeter_llm_requests_total{').filter((l) => l.includes(route))).toHaveLength(1)
      // gpt-4o-mini: 1000 input tokens at $0.15/M and 100 output at $0.60/M.
      const cost = lines('llmeter_llm_cost_usd_total{').filter((l) => l.includes(feature))
      expect(cost.map((l) => Number(l.slice(l.lastIndexOf(' ') + 1))).reduce((a, b) => a + b, 0)).toBeCloseTo(
        0.00021,
        10,
      )
      expect(
        lines('gen_ai_client_operation_duration_seconds_count{').filter((l) => l.includes(feature)),
      ).toHaveLength(1)
      expect(text).not.toContain('never-a-label')
      expect(text).not.toContain('app_secret')
    } finally {
      await app.stop()
    }
  })
})
