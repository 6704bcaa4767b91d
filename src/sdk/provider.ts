/**
 * Builds llmeter's own MeterProvider: the resource, the Views, and one reader per exporter asked
 * for. Everything here is synchronous so that `start()` records from its first line.
 *
 * @module
 */

import { randomUUID } from 'node:crypto'
import { OTLPMetricExporter as OtlpJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPMetricExporter as OtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources'
import {
  ConsoleMetricExporter,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import type { ResolvedConfig } from '../config.js'
import { LlmeterPrometheusReader } from '../exporters/prometheus/reader.js'
import { llmeterViews } from './views.js'

export interface BuiltProvider {
  provider: MeterProvider
  prometheus: LlmeterPrometheusReader | undefined
}

function periodic(
  config: ResolvedConfig,
  exporter: ConstructorParameters<typeof PeriodicExportingMetricReader>[0]['exporter'],
) {
  return new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: config.exportIntervalMillis,
    exportTimeoutMillis: Math.min(config.exportTimeoutMillis, config.exportIntervalMillis),
  })
}

function otlpExporter(config: ResolvedConfig) {
  const { url, headers, timeoutMillis, protocol } = config.otlp
  const options = {
    ...(url !== undefined ? { url } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(timeoutMillis !== undefined ? { timeoutMillis } : {}),
  }
  return protocol === 'http/json' ? new OtlpJsonExporter(options) : new OtlpProtoExporter(options)
}

export function buildProvider(config: ResolvedConfig): BuiltProvider {
  const readers: MetricReader[] = []
  let prometheus: LlmeterPrometheusReader | undefined
  if (config.exporters.has('prometheus')) {
    prometheus = new LlmeterPrometheusReader()
    readers.push(prometheus)
  }
  if (config.exporters.has('otlp')) readers.push(periodic(config, otlpExporter(config)))
  if (config.exporters.has('console')) readers.push(periodic(config, new ConsoleMetricExporter()))

  const attributes: Record<string, string> = { ...config.resourceAttributes }
  if (config.serviceName !== undefined) attributes['service.name'] = config.serviceName
  // One id per process, as the resource conventions recommend: replicas pushing OTLP through one
  // Collector become distinct `instance`s instead of colliding series.
  attributes['service.instance.id'] ??= randomUUID()
  const resource = defaultResource().merge(resourceFromAttributes(attributes))
  const provider = new MeterProvider({ resource, views: llmeterViews(config.buckets), readers })
  return { provider, prometheus }
}
