/**
 * Collected metric data as it travels from a worker to the primary over the cluster IPC channel:
 * plain JSON (the channel's default serialization), compact, and split into parts of a bounded
 * number of data points so neither side encodes or decodes one huge message in one go.
 *
 * Only what the Prometheus serializer reads crosses: name, unit, description, kind, and per data
 * point its attributes and value. Non-finite numbers, which JSON cannot carry, travel as strings.
 *
 * @module
 */
import { type Attributes, ValueType } from '@opentelemetry/api'
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'

type WireNumber = number | string
interface WireHistogram {
  bounds: number[]
  counts: number[]
  sum: WireNumber
  count: number
}
/** One data point: its attributes and its value. */
type WirePoint = [Attributes, WireNumber | WireHistogram]

/** One metric, or a slice of one metric's data points. */
export interface WireMetric {
  name: string
  unit: string
  description: string
  type: 'counter' | 'updown' | 'gauge' | 'histogram'
  points: WirePoint[]
}

function toWireNumber(value: number): WireNumber {
  return Number.isFinite(value) ? value : String(value)
}

function fromWireNumber(value: WireNumber): number {
  return typeof value === 'number' ? value : Number(value)
}

function wireType(metric: MetricData): WireMetric['type'] | undefined {
  if (metric.dataPointType === DataPointType.HISTOGRAM) return 'histogram'
  if (metric.dataPointType === DataPointType.GAUGE) return 'gauge'
  if (metric.dataPointType === DataPointType.SUM) return metric.isMonotonic ? 'counter' : 'updown'
  return undefined
}

function toWirePoint(metric: MetricData, index: number): WirePoint {
  const point = metric.dataPoints[index]!
  if (metric.dataPointType !== DataPointType.HISTOGRAM) {
    return [point.attributes, toWireNumber(point.value as number)]
  }
  const h = point.value as Histogram
  return [
    point.attributes,
    { bounds: h.buckets.boundaries, counts: h.buckets.counts, sum: toWireNumber(h.sum ?? 0), count: h.count },
  ]
}

/**
 * The metrics of one collection in parts of at most `pointsPerPart` data points (a large metric
 * spans several parts; the primary's serializer groups them back into one family).
 */
export function* toWireParts(
  resourceMetrics: ResourceMetrics,
  pointsPerPart: number,
): Generator<WireMetric[]> {
  let part: WireMetric[] = []
  let points = 0
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const type = wireType(metric)
      if (type === undefined) continue
      const { name, unit, description } = metric.descriptor
      let current: WireMetric | undefined
      for (let i = 0; i < metric.dataPoints.length; i++) {
        if (current === undefined) {
          current = { name, unit, description, type, points: [] }
          part.push(current)
        }
        current.points.push(toWirePoint(metric, i))
        if (++points >= pointsPerPart) {
          yield part
          part = []
          points = 0
          current = undefined
        }
      }
    }
  }
  if (part.length > 0) yield part
}

/**
 * Rebuilds SDK metric data from wire metrics, adding `extra` attributes first on every data point
 * (the primary adds `cluster_worker` so it leads the label set).
 */
export function fromWire(metrics: readonly WireMetric[], extra: Attributes): MetricData[] {
  const out: MetricData[] = []
  for (const m of metrics) {
    const descriptor = { name: m.name, unit: m.unit, description: m.description, valueType: ValueType.DOUBLE }
    const times = { startTime: [0, 0] as [number, number], endTime: [0, 0] as [number, number] }
    if (m.type === 'histogram') {
      out.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: m.points.map(([attributes, value]) => {
          const h = value as WireHistogram
          return {
            ...times,
            attributes: { ...extra, ...attributes },
            value: {
              buckets: { boundaries: h.bounds, counts: h.counts },
              sum: fromWireNumber(h.sum),
              count: h.count,
            },
          }
        }),
      })
      continue
    }
    const dataPoints = m.points.map(([attributes, value]) => ({
      ...times,
      attributes: { ...extra, ...attributes },
      value: fromWireNumber(value as WireNumber),
    }))
    const temporality = AggregationTemporality.CUMULATIVE
    if (m.type === 'gauge') {
      out.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.GAUGE,
        dataPoints,
      })
    } else {
      out.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM,
        isMonotonic: m.type === 'counter',
        dataPoints,
      })
    }
  }
  return out
}
