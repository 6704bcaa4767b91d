// Prints the README's metrics table from the code (the metric contract in src/semconv and the
// Prometheus naming rule), so the docs cannot drift: test/unit/docs/readme.test.ts compares them.
// Usage: npm run build && node scripts/metrics-table.mjs
import { prometheusLabelName, prometheusMetricName } from '../dist/exporters/prometheus/naming.js'
import { ALL_METRICS } from '../dist/semconv/index.js'

export function metricsTable() {
  const rows = ['| OTel name | Prometheus name | Type | Unit | Attributes |', '|---|---|---|---|---|']
  for (const m of ALL_METRICS) {
    const kind = m.kind === 'counter' ? 'counter' : m.kind === 'histogram' ? 'histogram' : 'gauge'
    const prom = prometheusMetricName(m.name, m.unit, kind)
    const attrs = m.attributes.map((a) => `\`${a}\``).join(', ')
    rows.push(`| \`${m.name}\` | \`${prom}\` | ${m.kind} | \`${m.unit}\` | ${attrs} |`)
  }
  return rows.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(metricsTable())
