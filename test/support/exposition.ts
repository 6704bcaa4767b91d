/**
 * The whole Prometheus exposition in one string, for tests that compare the sliced, streamed
 * scrape path (and the cluster merge) with one unbounded slice of the serializer.
 */
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics'
import { serializePieces } from '../../src/exporters/prometheus/serializer.js'

export function serialize(resourceMetrics: ResourceMetrics): string {
  return [...serializePieces(resourceMetrics, Number.POSITIVE_INFINITY)].join('')
}
