import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prometheusMetricName } from '../../../src/exporters/prometheus/naming.js'
import { ALL_METRICS } from '../../../src/semconv/metrics.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const configSource = readFileSync(new URL('../../../src/config.ts', import.meta.url), 'utf8')

describe('README matches the code', () => {
  it('lists every metric with the Prometheus name the exporter serves, and no other', () => {
    const table = readme.split('<!-- metrics-table:start -->')[1]!.split('<!-- metrics-table:end -->')[0]!
    const rows = table.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows.map((r) => r.split('|')[1]!.trim().replaceAll('`', ''))).toEqual(
      ALL_METRICS.map((m) => m.name),
    )
    for (const [i, m] of ALL_METRICS.entries()) {
      const cells = rows[i]!.split('|').map((c) => c.trim().replaceAll('`', ''))
      const kind = m.kind === 'counter' ? 'counter' : m.kind === 'histogram' ? 'histogram' : 'gauge'
      expect(cells[2]).toBe(prometheusMetricName(m.name, m.unit, kind))
      expect(cells[3]).toBe(m.kind)
      expect(cells[4]).toBe(m.unit)
      const attributes = cells[5] === '' ? [] : cells[5]!.split(',').map((a) => a.trim())
      expect(attributes).toEqual([...m.attributes])
    }
  })

  it('documents every environment variable the configuration reads', () => {
    const vars = new Set([...configSource.matchAll(/'((?:OTEL|LLMETER)_[A-Z_]+)'/g)].map((m) => m[1]!))
    expect(vars.size).toBeGreaterThan(10)
    for (const v of vars) expect(readme, v).toContain(`\`${v}\``)
  })
})
