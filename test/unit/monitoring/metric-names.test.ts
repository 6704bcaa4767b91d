import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prometheusMetricName } from '../../../src/exporters/prometheus/naming.js'
import { ALL_METRICS } from '../../../src/semconv/metrics.js'
import { allRules, annotationQueries, dashboardQueries } from '../../support/monitoring-assets.js'
import { metricNamesIn } from '../../support/promql-names.js'

const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count']

// The names llmeter serves, derived from the code (never typed here), plus what every scrape has.
function servedNames(): Set<string> {
  const names = new Set<string>(['up', 'target_info'])
  const add = (name: string, unit: string, kind: 'counter' | 'gauge' | 'histogram') => {
    const family = prometheusMetricName(name, unit, kind)
    if (family === undefined) throw new Error(`${name} has no Prometheus name`)
    if (kind !== 'histogram') names.add(family)
    else for (const suffix of HISTOGRAM_SERIES) names.add(family + suffix)
  }
  for (const m of ALL_METRICS) {
    add(m.name, m.unit, m.kind === 'counter' || m.kind === 'histogram' ? m.kind : 'gauge')
  }
  // Recorded by @opentelemetry/instrumentation-http (stable HTTP semconv), not by an llmeter instrument.
  add('http.server.request.duration', 's', 'histogram')
  // Recorded by @opentelemetry/instrumentation-runtime-node on llmeter's own provider.
  add('nodejs.eventloop.delay.p99', 's', 'gauge')
  add('nodejs.eventloop.utilization', '1', 'gauge')
  add('v8js.memory.heap.used', 'By', 'gauge')
  // Recorded by @opentelemetry/host-metrics (process groups) on llmeter's own provider.
  add('process.cpu.time', 's', 'counter')
  names.add('process_memory_usage')
  // Served by the node:cluster primary next to the workers' series (llmeter_cluster_worker_up), read
  // from the code that builds them.
  const primary = readFileSync(new URL('../../../src/cluster/primary-aggregator.ts', import.meta.url), 'utf8')
  for (const m of primary.matchAll(/\bname: '(llmeter_[a-z_]+)'/g)) names.add(m[1]!)
  return names
}

function unknownNames(exprs: string[], recorded: Set<string>): string[] {
  const served = servedNames()
  return [...new Set(exprs.flatMap(metricNamesIn))].filter((n) => !served.has(n) && !recorded.has(n))
}

describe('monitoring assets use only names llmeter emits', () => {
  const rules = allRules()
  const recorded = new Set(rules.filter((r) => r.kind === 'record').map((r) => r.name))

  it('finds the rules and panel queries it checks, and metric names in each', () => {
    expect(rules.filter((r) => r.kind === 'record').length).toBeGreaterThanOrEqual(56)
    expect(rules.filter((r) => r.kind === 'alert').length).toBeGreaterThanOrEqual(19)
    expect(servedNames().has('llmeter_cluster_worker_up')).toBe(true)
    expect(dashboardQueries().length).toBeGreaterThan(30)
    expect(annotationQueries().map((q) => q.panel)).toEqual(['annotation Deployments'])
    const withoutName = [...rules.map((r) => r.expr), ...dashboardQueries().map((q) => q.expr)].filter(
      (expr) => expr !== 'vector(0.995)' && metricNamesIn(expr).length === 0,
    )
    expect(withoutName).toEqual([])
  })

  it('every rule expression selects served or recorded series only', () => {
    expect(
      unknownNames(
        rules.map((r) => r.expr),
        recorded,
      ),
    ).toEqual([])
  })

  it('every dashboard query selects served or recorded series only', () => {
    expect(
      unknownNames(
        [...dashboardQueries(), ...annotationQueries()].map((q) => q.expr),
        recorded,
      ),
    ).toEqual([])
  })

  it('extracts metric names and ignores functions, labels, keywords, strings and variables', () => {
    expect(
      metricNamesIn(
        'sum by (job, le) (rate(a_total{job=~"$job",x="b_total"}[$__rate_interval] offset 1w)) ' +
          '/ on (job) group_left (model) max without (instance) (c) > bool 2 and d unless e_bucket[5m:1m] ' +
          'or label_replace(f, "dst", "$1", "src", "(.*)") * -Inf',
      ),
    ).toEqual(['a_total', 'c', 'd', 'e_bucket', 'f'])
  })

  it('fails on a name llmeter does not emit (the check can fail)', () => {
    const exprs = [
      'sum(rate(llmeter_llm_request_total[5m]))',
      'histogram_quantile(0.9, sum by (le) (rate(gen_ai_client_operation_duration_bucket[5m])))',
      'rate(x{a="llmeter_ok"}[1m]) / on(job) llmeter_llm_cost_usd_total',
    ]
    expect(unknownNames(exprs, recorded)).toEqual([
      'llmeter_llm_request_total',
      'gen_ai_client_operation_duration_bucket',
      'x',
    ])
  })
})
