/**
 * Reads what the promtool unit tests (`monitoring/rules/tests/*.test.yml`) cover, so a test can
 * insist that every alert has a case where it fires and one where it does not, and every recording
 * rule a case with an exact expected sample. Written for the files' one style: `- alertname: X`
 * followed by `exp_alerts: []` or `exp_alerts:` and `- exp_labels:` items; `- expr: <series>`
 * followed by `exp_samples:` and `- labels:`/`value:` items.
 */
import { readFileSync } from 'node:fs'

export interface RuleTestCoverage {
  /** Alerts with a case expecting at least one firing alert. */
  firing: Set<string>
  /** Alerts with a case expecting none (`exp_alerts: []`). */
  silent: Set<string>
  /** Expressions of `promql_expr_test` cases with at least one expected sample and value. */
  sampled: Set<string>
}

/** What the given promtool test files cover. */
export function ruleTestCoverage(files: readonly string[]): RuleTestCoverage {
  const coverage: RuleTestCoverage = { firing: new Set(), silent: new Set(), sampled: new Set() }
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n')
    let alert: string | undefined
    let expr: string | undefined
    let sampleLabels = false
    for (const line of lines) {
      const alertHead = /^\s*- alertname: (\S+)\s*$/.exec(line)
      if (alertHead) {
        alert = alertHead[1]
        expr = undefined
        continue
      }
      const exprHead = /^\s*- expr: (.+?)\s*$/.exec(line)
      if (exprHead) {
        expr = exprHead[1]
        alert = undefined
        sampleLabels = false
        continue
      }
      if (alert && /^\s*exp_alerts: \[\]\s*$/.test(line)) coverage.silent.add(alert)
      if (alert && /^\s*- exp_labels: /.test(line)) coverage.firing.add(alert)
      // The expected sample must be the recorded series itself, not some other series.
      const labels = /^\s*- labels: '([^'{]+)/.exec(line)
      if (expr && labels) sampleLabels = labels[1] === expr
      if (expr && sampleLabels && /^\s*value: -?[\d.eE+-]+\s*$/.test(line)) coverage.sampled.add(expr)
    }
  }
  return coverage
}
