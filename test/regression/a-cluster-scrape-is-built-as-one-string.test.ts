import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../support/child-app.js'

// The cluster primary built the whole exposition as one string (workers sent text, the primary
// split and re-joined it) and answered with one `end(body)`, bypassing the sliced, streamed
// serializer: a Content-Length response. It now merges the workers' data and streams it.
describe('a node:cluster scrape', () => {
  let app: ChildApp
  beforeAll(async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/cluster-app.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      LLMETER_CLUSTER_WORKER_TIMEOUT: '2000',
    })
    for (let i = 0; i < 4; i++) await fetch(app.info.appUrl!)
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
  })

  it('is streamed (chunked) with the workers merged into one family per name', async () => {
    const res = await fetch(app.info.metricsUrl!)
    expect(res.status).toBe(200)
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    expect(res.headers.get('content-length')).toBeNull()
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await res.text()
    expect(text.match(/^# TYPE llmeter_llm_requests_total counter$/gm)).toHaveLength(1)
    expect(text.match(/^# TYPE target_info gauge$/gm)).toHaveLength(1)
    const requests = text
      .split('\n')
      .filter((l) => l.startsWith('llmeter_llm_requests_total{'))
      .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)
    expect(requests).toBe(4)
  })
})
