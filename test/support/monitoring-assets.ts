/**
 * Reads the shipped monitoring assets for tests: every PromQL expression of the rule files and of
 * the Grafana dashboard, and the recorded and alert names the rules define. The rule files are
 * written in one plain style (`expr: <one line>` or `expr: |` blocks), which is all this parses.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const MONITORING = fileURLToPath(new URL('../../monitoring/', import.meta.url))
export const RULE_FILES = readdirSync(`${MONITORING}rules`)
  .filter((f) => f.endsWith('.rules.yml'))
  .map((f) => `${MONITORING}rules/${f}`)

export interface RuleExpr {
  file: string
  /** The `record:` or `alert:` name the expression belongs to. */
  name: string
  kind: 'record' | 'alert'
  expr: string
}

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
      out.push({ file, ...current, expr: expr[2]! })
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

export function allRules(): RuleExpr[] {
  return RULE_FILES.flatMap(rulesOf)
}

export interface PanelQuery {
  panel: string
  expr: string
}

/** Every query of every dashboard panel; `substitute` replaces dashboard variables for running them. */
export function dashboardQueries(substitute = false): PanelQuery[] {
  const dashboard = JSON.parse(readFileSync(`${MONITORING}grafana/llmeter-dashboard.json`, 'utf8'))
  const out: PanelQuery[] = []
  for (const panel of dashboard.panels) {
    for (const target of panel.targets ?? []) {
      const expr = substitute ? target.expr.replace(/\$(job|provider|model)\b/g, '.*') : target.expr
      out.push({ panel: panel.title, expr })
    }
  }
  return out
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'and',
  'or',
  'unless',
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'rate',
  'increase',
  'histogram_quantile',
  'vector',
  'scalar',
  'inf',
  'nan',
])

/** The metric names an expression selects (not functions, labels, keywords or numbers). */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
  const names = new Set<string>()
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const token = m[0]
    const after = stripped.slice(m.index! + token.length).trimStart()
    if (after.startsWith('(')) continue
    if (KEYWORDS.has(token.toLowerCase())) continue
    if (/^\d/.test(token)) continue
    const before = stripped.slice(0, m.index!)
    if (/\d$/.test(before) && /^(s|m|h|d|w|y|ms)$/.test(token)) continue
    names.add(token)
  }
  return [...names]
}
