/**
 * Name cases transcribed as data from prometheus/otlptranslator's own test tables, at commit
 * 51da77392288a9e499af0900c6cde6a8d769dc34 (the tables last changed in e642297c3cab):
 * `metric_namer_test.go` (TestMetricNamer_Build) and `label_namer_test.go` (labelTestCases).
 *
 * Only the configuration llmeter must match is kept: Prometheus's OTLP receiver with its default
 * settings (strategy UnderscoreEscapingWithSuffixes, no namespace; label_name_underscore_sanitization
 * and label_name_preserve_multiple_underscores both on). `expected: undefined` is a name the
 * translator refuses with an error (the receiver drops that metric or data point).
 *
 * Left out from the metric table: the rows for other strategies (UTF-8 allowed, or no suffixes)
 * and with a namespace, and the rows for exponential histograms, summaries and the unknown type,
 * which llmeter's exposition does not serve. The tables' expected unit names (UnitNamer) are not
 * transcribed: the text format 0.0.4 has no UNIT line.
 */
import type { OtelMetricType } from '../../../src/exporters/prometheus/naming.js'

export interface MetricNameCase {
  name: string
  unit: string
  type: OtelMetricType
  expected: string | undefined
}

/** Upstream type -> ours: MonotonicCounter counter, NonMonotonicCounter updowncounter. */
export const METRIC_NAME_CASES: readonly MetricNameCase[] = [
  { name: 'requests', unit: '', type: 'counter', expected: 'requests_total' },
  { name: 'cpu_usage', unit: '1', type: 'gauge', expected: 'cpu_usage_ratio' },
  { name: 'items', unit: '1', type: 'counter', expected: 'items_total' },
  { name: 'response_time', unit: 'ms', type: 'gauge', expected: 'response_time_milliseconds' },
  { name: 'memory_usage', unit: 'By', type: 'gauge', expected: 'memory_usage_bytes' },
  { name: 'requests', unit: '1/s', type: 'gauge', expected: 'requests_per_second' },
  { name: 'throughput', unit: 'By/s', type: 'gauge', expected: 'throughput_bytes_per_second' },
  { name: 'custom_metric', unit: 'custom_unit', type: 'gauge', expected: 'custom_metric_custom_unit' },
  { name: 'custom_metric', unit: '{custom}', type: 'gauge', expected: 'custom_metric' },
  { name: 'custom_metric', unit: 'By/{custom}', type: 'gauge', expected: 'custom_metric_bytes' },
  { name: 'requests_total', unit: '', type: 'counter', expected: 'requests_total' },
  { name: 'cpu_usage_ratio', unit: '1', type: 'gauge', expected: 'cpu_usage_ratio' },
  { name: 'response_time_seconds', unit: 's', type: 'gauge', expected: 'response_time_seconds' },
  {
    name: 'metric__with__multiple__underscores',
    unit: 'unit__multiple__underscores',
    type: 'gauge',
    expected: 'metric_with_multiple_underscores_unit_multiple_underscores',
  },
  {
    name: 'custom_metric',
    unit: 'unit@with#special/chars',
    type: 'gauge',
    expected: 'custom_metric_unit_with_special_per_chars',
  },
  { name: '@#$%', unit: '', type: 'gauge', expected: undefined },
  { name: 'request_duration', unit: 's', type: 'histogram', expected: 'request_duration_seconds' },
  { name: 'active_connections', unit: '', type: 'updowncounter', expected: 'active_connections' },
  { name: 'uptime', unit: 'd', type: 'gauge', expected: 'uptime_days' },
  { name: 'duration', unit: 'h', type: 'gauge', expected: 'duration_hours' },
  { name: 'timeout', unit: 'min', type: 'gauge', expected: 'timeout_minutes' },
  { name: 'latency', unit: 'us', type: 'gauge', expected: 'latency_microseconds' },
  { name: 'precision_time', unit: 'ns', type: 'gauge', expected: 'precision_time_nanoseconds' },
  { name: 'cache_size', unit: 'KiBy', type: 'gauge', expected: 'cache_size_kibibytes' },
  { name: 'memory', unit: 'MiBy', type: 'gauge', expected: 'memory_mebibytes' },
  { name: 'storage', unit: 'GiBy', type: 'gauge', expected: 'storage_gibibytes' },
  { name: 'capacity', unit: 'TiBy', type: 'gauge', expected: 'capacity_tibibytes' },
  { name: 'transfer', unit: 'KBy', type: 'gauge', expected: 'transfer_kilobytes' },
  { name: 'download', unit: 'MBy', type: 'gauge', expected: 'download_megabytes' },
  { name: 'backup', unit: 'GBy', type: 'gauge', expected: 'backup_gigabytes' },
  { name: 'archive', unit: 'TBy', type: 'gauge', expected: 'archive_terabytes' },
  { name: 'distance', unit: 'm', type: 'gauge', expected: 'distance_meters' },
  { name: 'voltage', unit: 'V', type: 'gauge', expected: 'voltage_volts' },
  { name: 'current', unit: 'A', type: 'gauge', expected: 'current_amperes' },
  { name: 'energy', unit: 'J', type: 'gauge', expected: 'energy_joules' },
  { name: 'power', unit: 'W', type: 'gauge', expected: 'power_watts' },
  { name: 'weight', unit: 'g', type: 'gauge', expected: 'weight_grams' },
  { name: 'temperature', unit: 'Cel', type: 'gauge', expected: 'temperature_celsius' },
  { name: 'frequency', unit: 'Hz', type: 'gauge', expected: 'frequency_hertz' },
  { name: 'cpu_usage', unit: '%', type: 'gauge', expected: 'cpu_usage_percent' },
  { name: 'requests', unit: '1/m', type: 'gauge', expected: 'requests_per_minute' },
  { name: 'events', unit: '1/h', type: 'gauge', expected: 'events_per_hour' },
  { name: 'transactions', unit: '1/d', type: 'gauge', expected: 'transactions_per_day' },
  { name: 'reports', unit: '1/w', type: 'gauge', expected: 'reports_per_week' },
  { name: 'invoices', unit: '1/mo', type: 'gauge', expected: 'invoices_per_month' },
  { name: 'renewals', unit: '1/y', type: 'gauge', expected: 'renewals_per_year' },
  { name: 'custom', unit: '1/custom_unit', type: 'gauge', expected: 'custom_per_custom_unit' },
  { name: 'metric', unit: 'By/', type: 'gauge', expected: 'metric_bytes' },
  { name: 'metric', unit: ' By / s ', type: 'gauge', expected: 'metric_bytes_per_second' },
  { name: 'metric', unit: '/', type: 'gauge', expected: 'metric' },
  {
    name: 'http.request.duration',
    unit: 'ms',
    type: 'histogram',
    expected: 'http_request_duration_milliseconds',
  },
  { name: 'http.requests', unit: '1', type: 'counter', expected: 'http_requests_total' },
]

export interface LabelNameCase {
  key: string
  expected: string | undefined
}

/**
 * labelTestCases under `LabelNamer{UnderscoreLabelSanitization: true, PreserveMultipleUnderscores:
 * true}`: upstream's expected value for that pair of options, falling back as its test does
 * (underscore-sanitized, then multiple-underscores, then plain `sanitized`).
 */
export const LABEL_NAME_CASES: readonly LabelNameCase[] = [
  { key: 'label:with:colons', expected: 'label_with_colons' },
  { key: 'LabelWithCapitalLetters', expected: 'LabelWithCapitalLetters' },
  { key: 'label!with&special$chars)', expected: 'label_with_special_chars_' },
  { key: 'label_with_foreign_characters_字符', expected: 'label_with_foreign_characters___' },
  { key: 'label.with.dots', expected: 'label_with_dots' },
  { key: '.foo', expected: 'key_foo' },
  { key: '123label', expected: 'key_123label' },
  { key: '_label_starting_with_underscore', expected: 'key_label_starting_with_underscore' },
  { key: '__label_starting_with_2underscores', expected: '__label_starting_with_2underscores' },
  { key: 'ようこそ', expected: undefined },
  { key: 'label__with__double__underscores', expected: 'label__with__double__underscores' },
  { key: 'label.name__with&&special##chars', expected: 'label_name__with__special__chars' },
  { key: '__reserved__label__name__', expected: '__reserved__label__name__' },
  { key: 'trailing_underscores___', expected: 'trailing_underscores___' },
  { key: '', expected: undefined },
  { key: '__', expected: undefined },
]
