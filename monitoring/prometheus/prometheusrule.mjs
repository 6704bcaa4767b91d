// Prints the PrometheusRule manifest (prometheus-operator, kube-prometheus-stack) holding every group
// of ../rules/*.rules.yml, unchanged: `node monitoring/prometheus/prometheusrule.mjs >
// monitoring/prometheus/prometheusrule.yaml`. test/integration/monitoring/promtool.test.ts checks that
// the shipped manifest equals this output, and runs promtool on the groups it holds.
import { readdirSync, readFileSync } from 'node:fs'

const rules = new URL('../rules/', import.meta.url)

export function prometheusRule() {
  const out = [
    '# Generated from monitoring/rules/*.rules.yml by monitoring/prometheus/prometheusrule.mjs: do not',
    '# edit, regenerate (a test checks that it equals the rule files).',
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: llmeter',
    '  labels:',
    '    app.kubernetes.io/name: llmeter',
    "    # kube-prometheus-stack's Prometheus only loads rules labelled with its Helm release",
    '    # (ruleSelector: release: <release name>): set this to your release, or to what your',
    "    # Prometheus resource's ruleSelector asks for.",
    '    release: kube-prometheus-stack',
    'spec:',
    '  groups:',
  ]
  for (const file of readdirSync(rules).filter((f) => f.endsWith('.rules.yml')).sort()) {
    const lines = readFileSync(new URL(file, rules), 'utf8').split('\n')
    const start = lines.indexOf('groups:')
    if (start < 0) throw new Error(`${file}: no top-level groups:`)
    out.push(`    # ${file}`)
    for (const line of lines.slice(start + 1)) out.push(line === '' ? '' : `  ${line}`)
  }
  while (out.at(-1) === '') out.pop()
  return `${out.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(prometheusRule())
