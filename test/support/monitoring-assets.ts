/**
 * Reads the shipped monitoring assets for tests: the Prometheus configs, the rule files and their
 * promtool test files, every PromQL expression of the rules and of the Grafana dashboard, and the
 * alerts with their labels and annotations. The rule files are written in one plain style
 * (`expr: <one line>` or an `expr: |` block; one `key: value` per line), which is all this
 * parses; the promtool test cross-checks the rule count with promtool's own.
 *
 * `everyQuery()` is what an end-to-end test runs through Prometheus's `/api/v1/query`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const MONITORING = fileURLToPath(new URL('../../monitoring/', import.meta.url))
export const DOCS = fileURLToPath(new URL('../../docs/monitoring.md', import.meta.url))
export const DASHBOARD = `${MONITORING}grafana/llmeter-dashboard.json`

const listed = (dir: string, suffix: string) =>
  readdirSync(`${MONITORING}${dir}`)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => `${MONITORING}${dir}/${f}`)

/** `monitoring/rules/*.rules.yml` */
export const RULE_FILES = listed('rules', '.rules.yml')
/** `monitoring/rules/tests/*.test.yml` */
export const RULE_TEST_FILES = listed('rules/tests', '.test.yml')
/** Every Prometheus server config: `monitoring/prometheus/prometheus*.yml`. */
export const PROMETHEUS_CONFIGS = listed('prometheus', '.yml').filter((f) =>
  /\/prometheus[^/]*\.yml$/.test(f),
)

export interface RuleExpr {
  file: string
  /** The `record:` or `alert:` name the expression belongs to. */
  name: string
  kind: 'record' | 'alert'
  expr: string
}

const unquote = (value: string) => value.trim().replace(/^'(.*)'$|^"(.*)"$/s, '$1$2')

/** Every rule of `file` with its expression. */
export function rulesOf(file: string): RuleExpr[] {
  const lines = readFileSync(file, 'utf8').split('\n')
  const out: RuleExpr[] = []
  let current: { name: string; kind: 'record' | 'alert' } | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const head = /^\s*- (record|alert): (\S+)/.exec(line)
    if (head) current = { kind: head[1] as 'record' | 'alert', name: head[2]! }
    const expr = /^(\s*)expr: (.*)$/.exec(line)
    if (!expr || !current) continue
    if (expr[2] !== '|') {
      out.push({ file, ...current, expr: unquote(expr[2]!) })
      continue
    }
    const indent = expr[1]!.length
    const body: string[] = []
    while (
      i + 1 < lines.length &&
      (lines[i + 1]!.trim() === '' || /^\s*/.exec(lines[i + 1]!)![0].length > indent)
    ) {
      body.push(lines[++i]!.trim())
    }
    out.push({ file, ...current, expr: body.join(' ').trim() })
  }
  return out
}

/** Every rule of every shipped rule file. */
export function allRules(): RuleExpr[] {
  return RULE_FILES.flatMap(rulesOf)
}

export interface AlertDefinition {
  name: string
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** Every alert of the shipped rule files with its `labels:` and `annotations:` maps. */
export function allAlerts(): AlertDefinition[] {
  const out: AlertDefinition[] = []
  for (const file of RULE_FILES) {
    let alert: AlertDefinition | undefined
    let section: 'labels' | 'annotations' | undefined
    let sectionIndent = 0
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const indent = /^\s*/.exec(line)![0].length
      const head = /^\s*- (alert|record): (\S+)/.exec(line)
      if (head) {
        alert = head[1] === 'alert' ? { name: head[2]!, labels: {}, annotations: {} } : undefined
        if (alert) out.push(alert)
        section = undefined
        continue
      }
      if (!alert || line.trim() === '' || line.trim().startsWith('#')) continue
      const key = /^\s*(labels|annotations):\s*$/.exec(line)
      if (key) {
        section = key[1] as 'labels' | 'annotations'
        sectionIndent = indent
        continue
      }
      if (section && indent > sectionIndent) {
        const entry = /^\s*([a-zA-Z_]\w*): (.*)$/.exec(line)
        if (entry) alert[section][entry[1]!] = unquote(entry[2]!)
      } else section = undefined
    }
  }
  return out
}

export interface PanelQuery {
  panel: string
  expr: string
}

/** Dashboard variables replaced by a match-all regex when queries are run outside Grafana. */
const VARIABLES = /\$(job|service|provider|model|operation)\b|\$\{(job|service|provider|model|operation)\}/g

/** Every query of every dashboard panel; `substitute` replaces dashboard variables for running them. */
export function dashboardQueries(substitute = false): PanelQuery[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { title: string; type: string; panels?: unknown[]; targets?: { expr?: string }[] }[]
  }
  const out: PanelQuery[] = []
  for (const panel of dashboard.panels) {
    for (const target of panel.targets ?? []) {
      if (target.expr === undefined) continue
      const expr = substitute ? target.expr.replace(VARIABLES, '.*') : target.expr
      out.push({ panel: panel.title, expr })
    }
  }
  return out
}

/** Every Prometheus annotation query of the dashboard (deployments); `substitute` as for panels. */
export function annotationQueries(substitute = false): PanelQuery[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    annotations: { list: { name: string; expr?: string }[] }
  }
  return dashboard.annotations.list
    .filter((a) => a.expr !== undefined)
    .map((a) => ({
      panel: `annotation ${a.name}`,
      expr: substitute ? a.expr!.replace(VARIABLES, '.*') : a.expr!,
    }))
}
