/**
 * OTel -> Prometheus name translation, as Prometheus's OTLP receiver does it with its default
 * settings (prometheus/otlptranslator, strategy `UnderscoreEscapingWithSuffixes`, following the OTel
 * "Prometheus and OpenMetrics compatibility" spec). Serving exactly these names lets one dashboard
 * work on the scrape path and the OTLP path. Tested against otlptranslator's own test tables
 * (test/unit/exporters/otlptranslator-cases.ts).
 *
 * Both functions answer `undefined` where the reference refuses a name (it drops that metric or
 * data point), so a caller can never serve an empty or all-underscore name.
 *
 * @module
 */

/** The Prometheus TYPE of a family. */
export type PrometheusKind = 'counter' | 'gauge' | 'histogram'

/**
 * The OTel metric type as the namer needs it: `_total` goes on monotonic sums (`counter`) only and
 * `_ratio` on gauges only, so a non-monotonic sum (`updowncounter`) must be told apart from a gauge.
 */
export type OtelMetricType = 'counter' | 'updowncounter' | 'gauge' | 'histogram'

// Maps, not object literals: a unit is host input, and `constructor` or `__proto__` must be
// looked up as a unit like any other, never found on Object.prototype.
const UNIT_WORDS: ReadonlyMap<string, string> = new Map([
  ['d', 'days'],
  ['h', 'hours'],
  ['min', 'minutes'],
  ['s', 'seconds'],
  ['ms', 'milliseconds'],
  ['us', 'microseconds'],
  ['ns', 'nanoseconds'],
  ['By', 'bytes'],
  ['KiBy', 'kibibytes'],
  ['MiBy', 'mebibytes'],
  ['GiBy', 'gibibytes'],
  ['TiBy', 'tibibytes'],
  ['KBy', 'kilobytes'],
  ['MBy', 'megabytes'],
  ['GBy', 'gigabytes'],
  ['TBy', 'terabytes'],
  ['m', 'meters'],
  ['V', 'volts'],
  ['A', 'amperes'],
  ['J', 'joules'],
  ['W', 'watts'],
  ['g', 'grams'],
  ['Cel', 'celsius'],
  ['Hz', 'hertz'],
  ['1', ''],
  ['%', 'percent'],
])

const PER_UNIT_WORDS: ReadonlyMap<string, string> = new Map([
  ['s', 'second'],
  ['m', 'minute'],
  ['h', 'hour'],
  ['d', 'day'],
  ['w', 'week'],
  ['mo', 'month'],
  ['y', 'year'],
])

const NOT_NAME_CHARS = /[^a-zA-Z0-9:]+/
const NOT_NAME_CHAR_EACH = /[^a-zA-Z0-9:]/g

// Go's strings.TrimSpace set (unicode.IsSpace), which differs from String#trim: it trims U+0085
// and keeps U+FEFF.
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+'
const GO_TRIM = new RegExp(`^${GO_SPACE}|${GO_SPACE}$`, 'g')

function trimSpace(text: string): string {
  return text.replace(GO_TRIM, '')
}

/** The unit words before clean-up: `By/s` -> `bytes`, `per_second`; annotations (`{token}`) give ''. */
function unitSuffixes(unit: string): { main: string; per: string } {
  const slash = unit.indexOf('/')
  const mainOtel = trimSpace(slash === -1 ? unit : unit.slice(0, slash))
  let main = ''
  if (mainOtel !== '' && !/[{}]/.test(mainOtel)) main = UNIT_WORDS.get(mainOtel) ?? mainOtel
  let per = ''
  const perRaw = slash === -1 ? '' : unit.slice(slash + 1)
  if (perRaw !== '') {
    const perOtel = trimSpace(perRaw)
    if (perOtel !== '' && !/[{}]/.test(perOtel)) per = PER_UNIT_WORDS.get(perOtel) ?? perOtel
    if (per !== '') per = `per_${per}`
  }
  return { main, per }
}

/** Invalid characters become `_`, runs of `_` one `_`, and one leading `_` goes. */
function cleanUpUnit(unit: string): string {
  return unit.replace(NOT_NAME_CHAR_EACH, '_').replace(/_{2,}/g, '_').replace(/^_/, '')
}

/**
 * The Prometheus metric family name for an OTel metric, or `undefined` when it normalizes to
 * nothing (`@#$%` as a gauge without unit): the reference drops such a metric.
 *
 * @example
 * prometheusMetricName('gen_ai.client.operation.duration', 's', 'histogram')
 * // 'gen_ai_client_operation_duration_seconds'
 * prometheusMetricName('llmeter.llm.cost', 'usd', 'counter') // 'llmeter_llm_cost_usd_total'
 * prometheusMetricName('queue.fill', '1', 'updowncounter') // 'queue_fill' (`_ratio` is for gauges)
 */
export function prometheusMetricName(name: string, unit: string, type: OtelMetricType): string | undefined {
  let tokens = name.split(NOT_NAME_CHARS).filter((t) => t !== '')
  const suffixes = unitSuffixes(unit)
  let main = cleanUpUnit(suffixes.main)
  let per = cleanUpUnit(suffixes.per)
  if (tokens.includes(main)) main = ''
  if (per === 'per_') per = ''
  else {
    per = per.replace(/_$/, '')
    if (tokens.includes(per)) per = ''
  }
  if (per !== '') main = main.replace(/_$/, '')
  if (main !== '') tokens.push(main)
  if (per !== '') tokens.push(per)
  if (type === 'counter') tokens = [...tokens.filter((t) => t !== 'total'), 'total']
  if (unit === '1' && type === 'gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio']
  let joined = tokens.join('_')
  if (/^[0-9]/.test(joined)) joined = `_${joined}`
  if (joined === '') return undefined
  if (joined !== name && /^_+$/.test(joined)) return undefined
  return joined
}

const LABEL_CACHE = new Map<string, string | null>()
const LABEL_CACHE_MAX = 10_000

/**
 * The Prometheus label name for an attribute key, or `undefined` where the reference refuses the
 * key (empty, or nothing but underscores after escaping: `__`, `ようこそ`); it then drops the data
 * point. Each code point outside `[a-zA-Z0-9]` becomes one `_` and runs are kept (`a😀b` ->
 * `a_b`); a leading digit gets `key_` and a single leading `_` gets `key` (`_` and `😀` ->
 * `key_`), while `__x` is kept as Prometheus's reserved form. Reserved names such as `__name__`
 * are the caller's to handle, as the receiver handles them when it builds the series.
 */
export function prometheusLabelName(key: string): string | undefined {
  const cached = LABEL_CACHE.get(key)
  if (cached !== undefined) return cached ?? undefined
  const label = buildLabelName(key)
  if (LABEL_CACHE.size < LABEL_CACHE_MAX) LABEL_CACHE.set(key, label ?? null)
  return label
}

function buildLabelName(key: string): string | undefined {
  if (key === '') return undefined
  let label = ''
  // for...of walks code points, so a character outside the BMP is one `_`, not two.
  for (const ch of key) label += /^[a-zA-Z0-9]$/.test(ch) ? ch : '_'
  if (/^[0-9]/.test(label)) label = `key_${label}`
  else if (label.startsWith('_') && !label.startsWith('__')) label = `key${label}`
  return /^_+$/.test(label) ? undefined : label
}
