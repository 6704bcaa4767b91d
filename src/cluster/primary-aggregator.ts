/**
 * The primary side of cluster scraping: one `/metrics` for the whole `node:cluster`. On each
 * collection the primary asks every live worker for its collected metric data over IPC, waits at
 * most `workerTimeoutMillis`, and merges it with its own as data: every worker data point gets
 * `cluster_worker="<id>"` (sum it away in PromQL: `sum without (cluster_worker) (...)`), and the
 * result goes through the same sliced, streamed serializer as a single process's scrape.
 * A worker that is slow or dead is left out of that collection and reported as
 * `llmeter_cluster_worker_up{cluster_worker="<id>"} 0`; it never fails the scrape.
 *
 * @module
 */

import type { Worker } from 'node:cluster'
import cluster from 'node:cluster'
import { type Attributes, ValueType } from '@opentelemetry/api'
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { log } from '../internal/diag.js'
import { fromWire, type WireMetric } from './wire.js'
import { type Collector, SCRAPE_REQUEST, SCRAPE_RESPONSE, type ScrapeResponse } from './worker-bridge.js'

const WORKER_LABEL = 'cluster_worker'

/** What a worker answered: its resource attributes and its metric data, in parts. */
export interface WorkerAnswer {
  resource: Attributes
  metrics: WireMetric[][]
}

/** A collection ready for the serializer: the metric data and the extra `target_info` samples. */
export interface ScrapeInput {
  resourceMetrics: ResourceMetrics
  extraTargets: Attributes[]
}

// Request ids only need to be unique among this process's pending requests; a counter is enough.
let nextId = 1

/** Asks one worker for its data; resolves `undefined` when it does not answer in time. */
export function askWorker(worker: Worker, timeoutMs: number): Promise<WorkerAnswer | undefined> {
  return new Promise((resolve) => {
    const id = nextId++
    const answer: WorkerAnswer = { resource: {}, metrics: [] }
    const timer = setTimeout(done, timeoutMs)
    timer.unref()
    function done(result?: WorkerAnswer) {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('exit', onExit)
      resolve(result)
    }
    function onExit() {
      done()
    }
    function onMessage(message: unknown) {
      const part = message as ScrapeResponse | undefined
      if (part?.type !== SCRAPE_RESPONSE || part.id !== id) return
      if (part.resource !== undefined) answer.resource = part.resource
      if (Array.isArray(part.metrics)) answer.metrics.push(part.metrics)
      if (part.last) done(answer)
    }
    worker.on('message', onMessage)
    worker.once('exit', onExit)
    try {
      worker.send({ type: SCRAPE_REQUEST, id }, (err: Error | null) => {
        if (err) done()
      })
    } catch {
      done()
    }
  })
}

function upMetric(workers: readonly Worker[], answers: readonly (WorkerAnswer | undefined)[]): MetricData {
  return {
    descriptor: {
      name: 'llmeter_cluster_worker_up',
      unit: '',
      description: 'Whether the worker answered the last scrape in time (1) or not (0).',
      valueType: ValueType.DOUBLE,
    },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: workers.map((worker, i) => ({
      startTime: [0, 0],
      endTime: [0, 0],
      attributes: { [WORKER_LABEL]: String(worker.id) },
      value: answers[i] === undefined ? 0 : 1,
    })),
  }
}

/**
 * Merges the primary's own collection with the workers' answers: worker data points labelled
 * with their worker id, each worker's resource as an extra `target_info` sample, and the
 * `llmeter_cluster_worker_up` gauge.
 */
export function mergeWorkers(
  own: ResourceMetrics,
  workers: readonly Worker[],
  answers: readonly (WorkerAnswer | undefined)[],
): ScrapeInput {
  const metrics: MetricData[] = []
  const extraTargets: Attributes[] = []
  workers.forEach((worker, i) => {
    const answer = answers[i]
    if (answer === undefined) return
    const label = { [WORKER_LABEL]: String(worker.id) }
    extraTargets.push({ ...label, ...answer.resource })
    for (const part of answer.metrics) metrics.push(...fromWire(part, label))
  })
  metrics.push(upMetric(workers, answers))
  const resourceMetrics: ResourceMetrics = {
    resource: own.resource,
    scopeMetrics: [...own.scopeMetrics, { scope: { name: 'llmeter-cluster' }, metrics }],
  }
  return { resourceMetrics, extraTargets }
}

/** The live workers, when this process is a cluster primary that has any. */
export function liveWorkers(): Worker[] {
  if (!cluster.isPrimary) return []
  return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead())
}

/**
 * Collects for one scrape: in a primary with live workers, the whole cluster's data; otherwise
 * the reader's own collection.
 */
export async function collectForScrape(reader: Collector, workerTimeoutMillis: number): Promise<ScrapeInput> {
  const workers = liveWorkers()
  const asking = Promise.all(workers.map((w) => askWorker(w, workerTimeoutMillis)))
  const { resourceMetrics, errors } = await reader.collect()
  if (errors.length > 0) log.error('metrics collection reported errors', ...errors)
  if (workers.length === 0) return { resourceMetrics, extraTargets: [] }
  return mergeWorkers(resourceMetrics, workers, await asking)
}
