/**
 * The primary side of cluster scraping: one `/metrics` for the whole `node:cluster`. On each
 * scrape the primary asks every live worker for its exposition over IPC, waits at most
 * `workerTimeoutMillis`, and serves its own metrics plus each worker's, every worker sample
 * labelled `cluster_worker="<id>"` (sum them away in PromQL: `sum without (cluster_worker) (...)`).
 * A worker that is slow or dead is left out of that scrape and reported as
 * `llmeter_cluster_worker_up{cluster_worker="<id>"} 0`; it never fails the scrape.
 *
 * @module
 */

import type { Worker } from 'node:cluster'
import cluster from 'node:cluster'
import { SCRAPE_REQUEST, SCRAPE_RESPONSE, type ScrapeResponse } from './worker-bridge.js'

export const WORKER_LABEL = 'cluster_worker'

let nextId = 1

function askWorker(worker: Worker, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const id = nextId++
    const timer = setTimeout(done, timeoutMs)
    timer.unref()
    function done(body?: string) {
      clearTimeout(timer)
      worker.off('message', onMessage)
      resolve(body)
    }
    function onMessage(message: unknown) {
      const response = message as ScrapeResponse | undefined
      if (response?.type === SCRAPE_RESPONSE && response.id === id) done(response.body)
    }
    worker.on('message', onMessage)
    try {
      worker.send({ type: SCRAPE_REQUEST, id }, (err: Error | null) => {
        if (err) done()
      })
    } catch {
      done()
    }
  })
}

/** Adds `cluster_worker="<id>"` to every sample line of an exposition. */
export function labelSamples(exposition: string, workerId: string): string[] {
  const label = `${WORKER_LABEL}="${workerId}"`
  const out: string[] = []
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      out.push(line)
      continue
    }
    const brace = line.indexOf('{')
    const space = line.indexOf(' ')
    if (brace !== -1 && brace < space)
      out.push(`${line.slice(0, brace + 1)}${label},${line.slice(brace + 1)}`)
    else out.push(`${line.slice(0, space)}{${label}}${line.slice(space)}`)
  }
  return out
}

/** Merges expositions so each family keeps one HELP and TYPE header with all its samples. */
export function mergeExpositions(parts: string[][]): string {
  const families = new Map<string, { header: string[]; samples: string[] }>()
  for (const lines of parts) {
    let current: { header: string[]; samples: string[] } | undefined
    for (const line of lines) {
      if (line === '') continue
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
        const name = line.split(' ')[2]!
        let family = families.get(name)
        if (!family) {
          family = { header: [], samples: [] }
          families.set(name, family)
        }
        if (family.header.length < 2 && !family.header.some((h) => h.slice(0, 6) === line.slice(0, 6))) {
          family.header.push(line)
        }
        current = family
      } else if (!line.startsWith('#') && current) {
        current.samples.push(line)
      }
    }
  }
  let out = ''
  for (const { header, samples } of families.values()) out += `${[...header, ...samples].join('\n')}\n`
  return out
}

/** The exposition for the whole cluster: `own` (the primary's) plus every worker's. */
export async function scrapeCluster(own: string, workerTimeoutMillis: number): Promise<string> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
  const answers = await Promise.all(workers.map((w) => askWorker(w, workerTimeoutMillis)))
  const parts: string[][] = [own.split('\n')]
  const up: string[] = [
    '# HELP llmeter_cluster_worker_up Whether the worker answered the last scrape in time (1) or not (0).',
    '# TYPE llmeter_cluster_worker_up gauge',
  ]
  workers.forEach((worker, i) => {
    const body = answers[i]
    up.push(`llmeter_cluster_worker_up{${WORKER_LABEL}="${worker.id}"} ${body === undefined ? 0 : 1}`)
    if (body !== undefined) parts.push(labelSamples(body, String(worker.id)))
  })
  parts.push(up)
  return mergeExpositions(parts)
}
