import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { allRules, annotationQueries, dashboardQueries, RULE_FILES } from '../../support/monitoring-assets.js'
import { type RunningPrometheus, startPrometheus } from '../../support/prometheus.js'

// The demo in bounded mode, scraped every second by a real Prometheus with llmeter's rules loaded.
// The rules are the shipped ones with every `for:` shortened to 0s, so alerts can fire within
// the test, and the SLO group's `interval: 5m` replaced by the test's 1 s (Prometheus would first
// evaluate it up to 5 minutes after start); the expressions are unchanged.
describe('the demo under a real Prometheus with the shipped rules', () => {
  let app: ChildApp
  let prometheus: RunningPrometheus
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmeter-e2e-'))
    const ruleFiles = RULE_FILES.map((file) => {
      const copy = join(dir, basename(file))
      const shipped = readFileSync(file, 'utf8')
      writeFileSync(
        copy,
        shipped.replace(/^(\s+)for: \S+$/gm, '$1for: 0s').replace(/^(\s+)interval: \S+$/gm, '$1interval: 1s'),
      )
      return copy
    })
    app = await startChildApp(
      [
        '--env-file=examples/demo/demo.env',
        '--import',
        'llmeter/register',
        'examples/demo/main.js',
        '--duration',
        '150s',
        '--faults',
        '0.5',
        '--json',
      ],
      { OTEL_EXPORTER_PROMETHEUS_PORT: '0', LLMETER_BUDGET_STORE: join(dir, 'spend.json') },
    )
    prometheus = await startPrometheus({ targets: [new URL(app.info.metricsUrl!).host], ruleFiles })
  }, 60_000)
  afterAll(async () => {
    await prometheus?.stop()
    await app?.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('gives data for every dashboard panel and annotation query', { timeout: 120_000 }, async () => {
    const empty: string[] = []
    for (const { panel, expr } of [...dashboardQueries(true), ...annotationQueries(true)]) {
      const result = await prometheus.waitFor(expr, (r) => r.length > 0, 60_000)
      if (result.length === 0) empty.push(`${panel}: ${expr}`)
    }
    expect(empty).toEqual([])
  })

  it('gives data for every recording rule', { timeout: 120_000 }, async () => {
    const empty: string[] = []
    for (const rule of allRules().filter((r) => r.kind === 'record')) {
      const result = await prometheus.waitFor(rule.name, (r) => r.length > 0, 60_000)
      if (result.length === 0) empty.push(rule.name)
    }
    expect(empty).toEqual([])
  })

  it("fires LLMHighErrorRate from the simulated provider's errors", { timeout: 120_000 }, async () => {
    const deadline = Date.now() + 60_000
    let firing: { labels: Record<string, string>; state: string }[] = []
    while (Date.now() < deadline) {
      const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: Record<string, string>; state: string }[] }
      }
      firing = body.data.alerts.filter(
        (a) => a.labels.alertname === 'LLMHighErrorRate' && a.state === 'firing',
      )
      if (firing.length > 0) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(firing.length).toBeGreaterThan(0)
    expect(firing[0]!.labels.job).toBe('llmeter-test')
  })
})
