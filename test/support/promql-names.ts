/**
 * Finds the metric names a PromQL expression selects, with a small tokenizer rather than a full
 * parser: enough for the rules and panels llmeter ships. It skips string literals, durations,
 * numbers, Grafana variables, label matchers (`{...}`), range and subquery brackets (`[...]`),
 * the label lists of `by`/`without`/`on`/`ignoring`/`group_left`/`group_right`, function and
 * aggregation names (an identifier followed by `(`) and the language's keywords.
 */

/** Aggregation operators, keywords and literals that are never metric names. */
const RESERVED = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'atan2',
  'inf',
  'nan',
])
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'])

type Token = { kind: 'ident' | 'punct' | 'other'; text: string }

const TOKEN =
  /\s+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\$\{[^}]*\}|\$[a-zA-Z_]\w*|\[\[[^\]]*\]\]|\d[\w.]*|\.\d\w*|[a-zA-Z_:][a-zA-Z0-9_:]*|[(){}[\],]|[^\s\w"'`$(){}[\],]+/y

function tokenize(expr: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < expr.length) {
    const at = TOKEN.lastIndex
    const m = TOKEN.exec(expr)
    if (!m) throw new Error(`cannot tokenize PromQL at ${at}: ${expr.slice(at, at + 20)}`)
    const text = m[0]
    if (/^\s/.test(text)) continue
    if (/^[a-zA-Z_:]/.test(text)) tokens.push({ kind: 'ident', text })
    else if (/^[(){}[\],]$/.test(text)) tokens.push({ kind: 'punct', text })
    else tokens.push({ kind: 'other', text })
  }
  return tokens
}

/**
 * The metric names `expr` selects, in order of first use.
 *
 * @example
 * metricNamesIn('sum by (job) (rate(llmeter_llm_requests_total{error_type!=""}[5m]))')
 * // ['llmeter_llm_requests_total']
 */
export function metricNamesIn(expr: string): string[] {
  const tokens = tokenize(expr)
  const names: string[] = []
  let braces = 0
  let brackets = 0
  // Depth of parentheses that hold a label list (after `by`, `on`, ...), or -1.
  let labelListDepth = -1
  let parens = 0
  for (let i = 0; i < tokens.length; i++) {
    const { kind, text } = tokens[i]!
    const next = tokens[i + 1]
    if (kind === 'punct') {
      if (text === '{') braces++
      else if (text === '}') braces--
      else if (text === '[') brackets++
      else if (text === ']') brackets--
      else if (text === '(') parens++
      else if (text === ')') {
        if (parens === labelListDepth) labelListDepth = -1
        parens--
      }
      continue
    }
    if (kind !== 'ident' || braces > 0 || brackets > 0 || labelListDepth !== -1) continue
    const lower = text.toLowerCase()
    if (LABEL_LIST_KEYWORDS.has(lower) && next?.text === '(') {
      labelListDepth = parens + 1
      continue
    }
    if (RESERVED.has(lower)) continue
    if (next?.text === '(') continue // a function or an aggregation
    if (!names.includes(text)) names.push(text)
  }
  return names
}
