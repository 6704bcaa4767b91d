/**
 * OTel -> Prometheus name translation, as the OTel Collector's Prometheus exporter and
 * Prometheus's own OTLP receiver do it with their default settings (the
 * `UnderscoreEscapingWithSuffixes` strategy of prometheus/otlptranslator, following the
 * OTel "Prometheus and OpenMetrics compatibility" spec): split the name on characters outside
 * `[a-zA-Z0-9:]`, append the unit (mapped to its Prometheus word, annotations in braces dropped),
 * `_total` on monotonic sums and `_ratio` on gauges of unit `1`, and join with `_`.
 * Serving exactly these names lets one dashboard work on the scrape path and the OTLP path.
 *
 * @module
 */

export type PrometheusKind = 'counter' | 'gauge' | 'histogram'

const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
}

const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
}

const NOT_NAME_CHAR = /[^a-zA-Z0-9:]+/

function tokens(text: string): string[] {
  return text.split(NOT_NAME_CHAR).filter((t) => t.length > 0)
}

/** The unit part of the name: `s` -> `seconds`, `By/s` -> `bytes_per_second`, `{token}` -> ''. */
function unitTokens(unit: string): { main: string; per: string } {
  const slash = unit.indexOf('/')
  const mainOtel = (slash === -1 ? unit : unit.slice(0, slash)).trim()
  const perOtel = slash === -1 ? '' : unit.slice(slash + 1).trim()
  let main = ''
  if (mainOtel !== '' && !/[{}]/.test(mainOtel)) main = UNIT_WORDS[mainOtel] ?? mainOtel
  let per = ''
  if (perOtel !== '' && !/[{}]/.test(perOtel)) per = `per_${PER_UNIT_WORDS[perOtel] ?? perOtel}`
  return { main: cleanUnit(main), per: cleanUnit(per) }
}

function cleanUnit(unit: string): string {
  return unit
    .replace(/[^a-zA-Z0-9:]/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^_/, '')
}

/**
 * The Prometheus metric family name for an OTel instrument.
 *
 * @example
 * prometheusMetricName('gen_ai.client.operation.duration', 's', 'histogram')
 * // 'gen_ai_client_operation_duration_seconds'
 * prometheusMetricName('llmeter.llm.cost', 'usd', 'counter') // 'llmeter_llm_cost_usd_total'
 */
export function prometheusMetricName(name: string, unit: string, kind: PrometheusKind): string {
  let parts = tokens(name)
  const { main, per } = unitTokens(unit)
  let mainSuffix = parts.includes(main) ? '' : main
  let perSuffix = per === 'per_' ? '' : per.replace(/_$/, '')
  if (parts.includes(perSuffix)) perSuffix = ''
  if (perSuffix !== '') mainSuffix = mainSuffix.replace(/_$/, '')
  if (mainSuffix !== '') parts.push(mainSuffix)
  if (perSuffix !== '') parts.push(perSuffix)
  if (kind === 'counter') parts = [...parts.filter((t) => t !== 'total'), 'total']
  if (unit === '1' && kind === 'gauge') parts = [...parts.filter((t) => t !== 'ratio'), 'ratio']
  const joined = parts.join('_')
  return /^[0-9]/.test(joined) ? `_${joined}` : joined
}

const LABEL_CACHE = new Map<string, string>()

/** The Prometheus label name for an attribute key: invalid characters become `_`. */
export function prometheusLabelName(key: string): string {
  let label = LABEL_CACHE.get(key)
  if (label === undefined) {
    label = key.replace(/[^a-zA-Z0-9_]/g, '_')
    if (/^[0-9]/.test(label)) label = `key_${label}`
    else if (/^_[^_]/.test(label)) label = `key${label}`
    if (LABEL_CACHE.size < 10_000) LABEL_CACHE.set(key, label)
  }
  return label
}
