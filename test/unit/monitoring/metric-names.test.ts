import { describe, expect, it } from 'vitest'
import { prometheusMetricName } from '../../../src/exporters/prometheus/naming.js'
import { ALL_METRICS } from '../../../src/semconv/metrics.js'
import { allRules, dashboardQueries, metricNamesIn } from '../../support/monitoring-assets.js'

// The names llmeter serves, derived from the code, never typed here.
function servedNames(): Set<string> {
  const names = new Set<string>(['up', 'target_info', 'llmeter_cluster_worker_up'])
  for (const m of ALL_METRICS) {
    const kind = m.kind === 'counter' ? 'counter' : m.kind === 'histogram' ? 'histogram' : 'gauge'
    const name = prometheusMetricName(m.name, m.unit, kind)
    names.add(name)
    if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s)
  }
  const http = prometheusMetricName('http.server.request.duration', 's', 'histogram')
  for (const s of ['_bucket', '_sum', '_count']) names.add(http + s)
  return names
}

function unknownNames(exprs: string[], served: Set<string>, recorded: Set<string>): string[] {
  return exprs.flatMap(metricNamesIn).filter((n) => !served.has(n) && !recorded.has(n))
}

describe('monitoring assets use only names llmeter emits', () => {
  const rules = allRules()
  const recorded = new Set(rules.filter((r) => r.kind === 'record').map((r) => r.name))

  it('finds the rules and panels it checks', () => {
    expect(rules.filter((r) => r.kind === 'record').length).toBeGreaterThan(30)
    expect(rules.filter((r) => r.kind === 'alert').length).toBeGreaterThan(12)
    expect(dashboardQueries().length).toBeGreaterThan(30)
  })

  it('every rule expression selects served or recorded series only', () => {
    expect(
      unknownNames(
        rules.map((r) => r.expr),
        servedNames(),
        recorded,
      ),
    ).toEqual([])
  })

  it('every dashboard query selects served or recorded series only', () => {
    expect(
      unknownNames(
        dashboardQueries().map((q) => q.expr),
        servedNames(),
        recorded,
      ),
    ).toEqual([])
  })

  it('would catch a wrong name (the check can fail)', () => {
    const exprs = [
      'sum(rate(llmeter_llm_request_total[5m]))',
      'gen_ai_client_operation_duration_bucket',
      'rate(x{a="llmeter_ok"}[1m])',
    ]
    expect(unknownNames(exprs, servedNames(), recorded)).toEqual([
      'llmeter_llm_request_total',
      'gen_ai_client_operation_duration_bucket',
      'x',
    ])
  })
})
