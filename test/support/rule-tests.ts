/**
 * Reads what the promtool unit tests (`monitoring/rules/tests/*.test.yml`) cover, so a test can
 * insist that every alert has a case where it fires and one where it does not, and every recording
 * rule a case with an exact expected sample. Written for the files' one style: `- alertname: X`
 * followed by `exp_alerts: []` or `exp_alerts:` and `- exp_labels:` items; `- expr: <series>`
 * followed by `exp_samples:` and `- labels:`/`value:` items.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

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

/**
 * Splits a promtool rule-test file into one file per test group, written to `dir`, so the groups can
 * run in parallel promtool processes. promtool runs every group on its own fresh storage and
 * engine, so a group gives the same result alone as in its file. The header (`rule_files`, with
 * paths made absolute, `evaluation_interval`, ...) is copied to every part; each part holds one
 * `  - ` item of `tests:` with the comment lines just above it. Throws unless the parts put back
 * together are exactly the original file.
 */
export function splitRuleTestFile(file: string, dir: string): string[] {
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n')
  const testsAt = lines.indexOf('tests:')
  if (testsAt === -1) throw new Error(`${file}: no top-level tests: key`)
  if (lines.slice(testsAt + 1).some((l) => /^[^\s#]/.test(l)))
    throw new Error(`${file}: a top-level key after tests: (not supported)`)
  const header = lines.slice(0, testsAt + 1)
  const base = dirname(file)
  const absolute = header.map((l) => {
    const ruleFile = /^(\s+- )(['"]?)([^'"]+)\2\s*$/.exec(l)
    return ruleFile ? `${ruleFile[1]}${JSON.stringify(resolve(base, ruleFile[3]!))}` : l
  })
  // Group starts: each `  - ` item, moved up over the comment and blank lines just above it.
  const body = lines.slice(testsAt + 1)
  const starts: number[] = []
  body.forEach((l, i) => {
    if (!/^ {2}- /.test(l)) return
    let s = i
    while (s > 0 && /^\s*(#.*)?$/.test(body[s - 1]!) && !starts.includes(s - 1)) s--
    starts.push(s)
  })
  if (starts.length === 0) throw new Error(`${file}: no test groups`)
  starts[0] = 0
  const groups = starts.map((s, i) => body.slice(s, starts[i + 1] ?? body.length))
  if ([...header, ...groups.flat()].join('\n') !== text) throw new Error(`${file}: split lost lines`)
  return groups.map((group, i) => {
    const part = join(dir, `${basename(file, '.test.yml')}.group-${i + 1}.test.yml`)
    writeFileSync(part, [...absolute, ...group].join('\n'))
    return part
  })
}
