/**
 * One sample of a scrape, by its series (`name{label="value",...}`, labels in any order). Lines
 * that differ from the series only by `llmeter.request.stream` (which splits the request counter
 * and the duration into streamed and plain calls) are summed when the series leaves that label
 * out, as PromQL's `sum without (llmeter_request_stream)` would. Undefined when no line matches.
 */
const OPTIONAL = 'llmeter_request_stream'

function parse(series: string): { name: string; labels: Map<string, string> } {
  const brace = series.indexOf('{')
  const name = brace === -1 ? series : series.slice(0, brace)
  const labels = new Map<string, string>()
  if (brace !== -1) {
    for (const m of series
      .slice(brace + 1, series.lastIndexOf('}'))
      .matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels.set(m[1]!, m[2]!)
  }
  return { name, labels }
}

export function scrapeValue(text: string, series: string): number | undefined {
  const wanted = parse(series)
  let total: number | undefined
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(wanted.name)) continue
    const space = line.lastIndexOf(' ')
    const got = parse(line.slice(0, space))
    if (got.name !== wanted.name) continue
    if (!wanted.labels.has(OPTIONAL)) got.labels.delete(OPTIONAL)
    if (got.labels.size !== wanted.labels.size) continue
    if (![...wanted.labels].every(([k, v]) => got.labels.get(k) === v)) continue
    total = (total ?? 0) + Number(line.slice(space + 1))
  }
  return total
}
