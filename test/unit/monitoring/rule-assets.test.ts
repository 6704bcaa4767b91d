import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prometheusMetricName } from '../../../src/exporters/prometheus/naming.js'
import { ALL_METRICS } from '../../../src/semconv/metrics.js'
import {
  allAlerts,
  allRules,
  DASHBOARD,
  DOCS,
  RULE_FILES,
  RULE_TEST_FILES,
} from '../../support/monitoring-assets.js'
import { ruleTestCoverage } from '../../support/rule-tests.js'

// GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes.
function anchors(markdown: string): Set<string> {
  const out = new Set<string>()
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    out.add(
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    )
  }
  return out
}

const missing = (wanted: string[], have: Set<string>) => wanted.filter((w) => !have.has(w))

describe('alert and recording rules', () => {
  const alerts = allAlerts()
  const recorded = allRules()
    .filter((r) => r.kind === 'record')
    .map((r) => r.name)
  const coverage = ruleTestCoverage(RULE_TEST_FILES)

  it('every recorded series is named level:metric:operations', () => {
    expect(recorded.filter((n) => !/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/.test(n))).toEqual([])
    expect(new Set(recorded).size).toBe(recorded.length)
  })

  it('every alert has a severity, a summary, a description and a runbook link into the docs', () => {
    const docAnchors = anchors(readFileSync(DOCS, 'utf8'))
    const problems = alerts.flatMap((a) => {
      const out: string[] = []
      if (!['critical', 'warning', 'info'].includes(a.labels.severity ?? '')) out.push(`${a.name}: severity`)
      if (!a.annotations.summary) out.push(`${a.name}: summary`)
      if (!a.annotations.description) out.push(`${a.name}: description`)
      const url = a.annotations.runbook_url ?? ''
      const anchor = /^docs\/monitoring\.md#(.+)$/.exec(url)?.[1]
      if (anchor !== a.name.toLowerCase()) out.push(`${a.name}: runbook_url ${url}`)
      else if (!docAnchors.has(anchor)) out.push(`${a.name}: no section #${anchor} in docs/monitoring.md`)
      return out
    })
    expect(alerts.length).toBeGreaterThanOrEqual(19)
    expect(problems).toEqual([])
  })

  it('every alert has a promtool case where it fires and one where it does not', () => {
    const names = alerts.map((a) => a.name)
    expect(missing(names, coverage.firing)).toEqual([])
    expect(missing(names, coverage.silent)).toEqual([])
  })

  it('every recording rule has a promtool case with its exact expected sample', () => {
    expect(missing(recorded, coverage.sampled)).toEqual([])
  })

  it('the 30-day SLO group is evaluated every 5 minutes, as the docs say', () => {
    const recording = readFileSync(RULE_FILES.find((f) => f.endsWith('llmeter-recording.rules.yml'))!, 'utf8')
    const groups = [...recording.matchAll(/^ {2}- name: (\S+)\n(?: {4}interval: (\S+)\n)?/gm)].map(
      (m) => `${m[1]} ${m[2] ?? 'global'}`,
    )
    expect(groups).toEqual([
      'llmeter-llm global',
      'llmeter-budgets global',
      'llmeter-agents global',
      'llmeter-http global',
      'llmeter-slo 5m',
    ])
    const docs = readFileSync(DOCS, 'utf8')
    expect(docs).toContain('The `llmeter-slo` group has `interval: 5m`')
    expect(docs).toContain('--storage.tsdb.retention.time=35d')
  })

  it('the coverage check notices a rule without a test (it can fail)', () => {
    expect(missing(['LLMNotTested'], coverage.firing)).toEqual(['LLMNotTested'])
    expect(missing(['job:not_tested:rate5m'], coverage.sampled)).toEqual(['job:not_tested:rate5m'])
  })
})

describe('the dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    templating: { list: { name: string }[] }
    panels: { title: string; targets?: { expr: string }[] }[]
  }
  it('has an operation variable, and every selector filtered by model also filters by operation when its metric has the label', () => {
    expect(dashboard.templating.list.map((v) => v.name)).toEqual([
      'datasource',
      'job',
      'provider',
      'model',
      'operation',
    ])
    // Metrics carrying gen_ai.operation.name, from the code.
    const withOperation = ALL_METRICS.filter((m) => m.attributes.includes('gen_ai.operation.name')).map(
      (m) => {
        const kind = m.kind === 'counter' ? 'counter' : m.kind === 'histogram' ? 'histogram' : 'gauge'
        return prometheusMetricName(m.name, m.unit, kind) + (kind === 'histogram' ? '_bucket' : '')
      },
    )
    const missing: string[] = []
    let filtered = 0
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets ?? []) {
        for (const m of expr.matchAll(/\b([a-z_]+)\{([^}]*)\}/g)) {
          if (!m[2]!.includes('$model')) continue
          const has = m[2]!.includes('gen_ai_operation_name=~"$operation"')
          if (withOperation.includes(m[1]!) && !has) missing.push(`${panel.title}: ${m[1]}`)
          if (has) filtered++
        }
      }
    }
    expect(missing).toEqual([])
    expect(filtered).toBe(25)
  })
})
