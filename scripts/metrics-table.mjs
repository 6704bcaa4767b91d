// Prints the README's metrics table from the code (the metric contract in src/semconv and the
// Prometheus naming rule), so the docs cannot drift: test/unit/docs/readme.test.ts compares them.
// Usage: npm run build && node scripts/metrics-table.mjs [--write]  (--write replaces the table in README.md)
import { readFileSync, writeFileSync } from 'node:fs'
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

function writeReadme() {
  const readme = readFileSync('README.md', 'utf8')
  const [head, rest] = readme.split('<!-- metrics-table:start -->')
  const tail = rest.split('<!-- metrics-table:end -->')[1]
  writeFileSync('README.md', `${head}<!-- metrics-table:start -->\n${metricsTable()}\n<!-- metrics-table:end -->${tail}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) writeReadme()
  else console.log(metricsTable())
}
