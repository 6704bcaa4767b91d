/**
 * Prometheus text exposition (format 0.0.4) of collected OTel metrics, with the names an OTel
 * Collector or Prometheus's OTLP receiver would give the same data (see `naming.ts`). Replaces the
 * stock exporter's serializer, which adds no unit suffixes (see docs/architecture.md).
 *
 * Output is built per metric family so a caller can yield to the event loop between families.
 *
 * @module
 */
import type { Attributes } from '@opentelemetry/api'
import {
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { warnOnce } from '../../internal/diag.js'
import { hasLabel, openLabels } from './labels.js'
import { type OtelMetricType, type PrometheusKind, prometheusMetricName } from './naming.js'

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

interface Family {
  name: string
  kind: PrometheusKind
  help: string
  metrics: MetricData[]
}

const KIND_OF: Readonly<Record<OtelMetricType, PrometheusKind>> = {
  counter: 'counter',
  updowncounter: 'gauge',
  gauge: 'gauge',
  histogram: 'histogram',
}

function typeOf(metric: MetricData): OtelMetricType | undefined {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'updowncounter'
    case DataPointType.GAUGE:
      return 'gauge'
    case DataPointType.HISTOGRAM:
      return 'histogram'
    default:
      warnOnce(
        `prom-type:${metric.descriptor.name}`,
        `metric ${metric.descriptor.name} has a type Prometheus text cannot carry; skipped`,
      )
      return undefined
  }
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  if (Number.isNaN(value)) return 'NaN'
  return String(value)
}

function sample(name: string, labels: string, extra: string, value: number): string {
  if (labels === '' && extra === '') return `${name} ${formatValue(value)}\n`
  const all = labels === '' ? `{${extra}` : extra === '' ? labels : `${labels},${extra}`
  return `${name}${all}} ${formatValue(value)}\n`
}

/** `labels` are the point's; on bucket lines an attribute named `le` gives way to the bound. */
function histogramLines(name: string, attributes: Attributes, labels: string, value: Histogram): string {
  let out = ''
  const { boundaries, counts } = value.buckets
  const bucketLabels = hasLabel(labels, 'le') ? (openLabels(attributes, 'le') ?? '') : labels
  let cumulative = 0
  for (let i = 0; i < boundaries.length; i++) {
    cumulative += counts[i] ?? 0
    out += sample(`${name}_bucket`, bucketLabels, `le="${formatValue(boundaries[i]!)}"`, cumulative)
  }
  out += sample(`${name}_bucket`, bucketLabels, 'le="+Inf"', value.count)
  out += sample(`${name}_sum`, labels, '', value.sum ?? 0)
  out += sample(`${name}_count`, labels, '', value.count)
  return out
}

/**
 * Serializes one family in pieces of at most `pointsPerPiece` data points: HELP and TYPE lines,
 * then every data point of every metric in it.
 */
export function* serializeFamily(
  family: Family,
  pointsPerPiece = Number.POSITIVE_INFINITY,
): Generator<string> {
  let out = `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.kind}\n`
  let points = 0
  for (const metric of family.metrics) {
    const histogram = metric.dataPointType === DataPointType.HISTOGRAM
    for (const point of metric.dataPoints) {
      const labels = openLabels(point.attributes)
      if (labels === undefined) continue
      out += histogram
        ? histogramLines(family.name, point.attributes, labels, point.value as Histogram)
        : sample(family.name, labels, '', point.value as number)
      if (++points >= pointsPerPiece) {
        yield out
        out = ''
        points = 0
      }
    }
  }
  if (out !== '') yield out
}

/** Groups metrics by Prometheus name; metrics whose kinds clash under one name are dropped. */
export function groupFamilies(resourceMetrics: ResourceMetrics): Family[] {
  const families = new Map<string, Family>()
  const clashed = new Set<string>()
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const type = typeOf(metric)
      if (type === undefined || metric.dataPoints.length === 0) continue
      const kind = KIND_OF[type]
      const { name: otelName, unit, description } = metric.descriptor
      const name = prometheusMetricName(otelName, unit, type)
      if (name === undefined) {
        warnOnce(
          `prom-name:${otelName}`,
          `metric ${JSON.stringify(otelName)} has no valid Prometheus name; it is not served`,
        )
        continue
      }
      const family = families.get(name)
      if (family === undefined) {
        families.set(name, { name, kind, help: description || otelName, metrics: [metric] })
      } else if (family.kind !== kind) {
        clashed.add(name)
        warnOnce(
          `prom-clash:${name}`,
          `metrics of different types share the Prometheus name ${name}; it is not served`,
        )
      } else {
        family.metrics.push(metric)
      }
    }
  }
  for (const name of clashed) families.delete(name)
  return [...families.values()]
}

/**
 * The `target_info` family carrying the resource attributes, as the OTel Prometheus spec asks; one
 * sample per entry of `extraTargets` follows (in a cluster: each worker's resource, labelled).
 */
export function serializeTargetInfo(
  resourceMetrics: ResourceMetrics,
  extraTargets: readonly Attributes[] = [],
): string {
  let out = `# HELP target_info Target metadata\n# TYPE target_info gauge\n`
  for (const attributes of [resourceMetrics.resource.attributes, ...extraTargets]) {
    const labels = openLabels(attributes)
    if (labels !== undefined) out += sample('target_info', labels, '', 1)
  }
  return out
}

/**
 * The exposition in pieces of at most `pointsPerPiece` data points, so a caller can yield to the
 * event loop between pieces (a 100k-series scrape must not block the app for seconds).
 */
export function* serializePieces(
  resourceMetrics: ResourceMetrics,
  pointsPerPiece: number,
  extraTargets: readonly Attributes[] = [],
): Generator<string> {
  yield serializeTargetInfo(resourceMetrics, extraTargets)
  for (const family of groupFamilies(resourceMetrics)) yield* serializeFamily(family, pointsPerPiece)
}
