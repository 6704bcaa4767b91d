import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../support/child-app.js'

const sumOf = (text: string, prefix: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)

// metricsHandler() called the reader directly: mounted in a cluster primary it served only the
// primary's own (empty) metrics, while the standalone server served the whole cluster.
describe('metricsHandler() in a node:cluster primary', () => {
  let app: ChildApp
  beforeAll(async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/cluster-app.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      LLMETER_CLUSTER_WORKER_TIMEOUT: '2000',
    })
    for (let i = 0; i < 10; i++) await fetch(app.info.appUrl!)
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
  })

  it("serves the cluster's aggregate, as the standalone server does", async () => {
    const res = await fetch(app.info.handlerUrl!)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(sumOf(text, 'llmeter_llm_requests_total{cluster_worker=')).toBe(10)
    expect(sumOf(text, 'llmeter_llm_tokens_total{cluster_worker=')).toBe(120)
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="1"} 1\n')
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="2"} 1\n')
    expect(text.match(/^target_info\{cluster_worker="[12]",/gm)).toHaveLength(2)
    const standalone = await (await fetch(app.info.metricsUrl!)).text()
    expect(sumOf(standalone, 'llmeter_llm_requests_total{cluster_worker=')).toBe(10)
  })
})
