import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'

const sumOf = (text: string, prefix: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)

describe('a node:cluster app', () => {
  let app: ChildApp
  beforeAll(async () => {
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/cluster-app.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      LLMETER_CLUSTER_WORKER_TIMEOUT: '500',
    })
    for (let i = 0; i < 20; i++) await fetch(app.info.appUrl!)
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
  })

  it('serves one /metrics with every worker labelled, and promtool accepts it', async () => {
    const text = await (await fetch(app.info.metricsUrl!)).text()
    expect(sumOf(text, 'llmeter_llm_requests_total{')).toBe(20)
    expect(
      sumOf(text, 'llmeter_llm_tokens_total{cluster_worker="1",') +
        sumOf(text, 'llmeter_llm_tokens_total{cluster_worker="2",'),
    ).toBe(240)
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="1"} 1\n')
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="2"} 1\n')
    expect(text.match(/^# TYPE llmeter_llm_requests_total counter$/gm)).toHaveLength(1)
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })

  it('still answers when a worker is too slow, marking it down', async () => {
    app.proc.stdin!.write('block\n')
    await app.waitForOutput('worker 2 blocking')
    const res = await fetch(app.info.metricsUrl!)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="2"} 0\n')
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="1"} 1\n')
  })

  it('still answers when a worker died', async () => {
    app.proc.stdin!.write('kill\n')
    await app.waitForOutput('worker 2 exited')
    const text = await (await fetch(app.info.metricsUrl!)).text()
    expect(text).toContain('llmeter_cluster_worker_up{cluster_worker="1"} 1\n')
    expect(text).not.toContain('cluster_worker="2"} 1')
  })
})
