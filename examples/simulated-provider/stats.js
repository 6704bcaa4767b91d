// What the provider has seen, for tests to assert on: requests by path, statuses by path, the
// SDKs' retry counts, and the faults applied. Counters only grow; the per-request lists are
// bounded (`maxRecorded`) so a demo that runs for days does not grow without limit.

/**
 * @typedef {object} RequestRecord
 * @property {string} method
 * @property {string} path the URL path, without the query
 * @property {number | 'none'} status 'none' when the connection closed before any answer
 * @property {number} retryCount the client's `x-stainless-retry-count` (0 when absent)
 * @property {string | undefined} fault the fault applied, if any
 */

/**
 * @typedef {object} SimulatedProviderStats
 * @property {number} total requests received
 * @property {Record<string, number>} requests requests by path
 * @property {Record<string, number>} statuses answers by status ('none': closed before answering)
 * @property {Record<string, Record<string, number>>} byPath answers by path, then status
 * @property {number[]} attempts the `x-stainless-retry-count` of each request, in arrival order
 *   (0 when absent): one SDK call retried twice leaves `[0, 1, 2]`
 * @property {Record<string, number>} retryCounts requests by `x-stainless-retry-count`
 * @property {Record<string, number>} faults requests by the fault applied to them
 * @property {RequestRecord[]} log the latest requests, oldest first
 */

/**
 * @param {number} maxRecorded the most entries kept in `attempts` and `log`
 * @returns {{ stats: SimulatedProviderStats, received(method: string, path: string, retryCount: number, fault: string | undefined): (status: number | 'none') => void, reset(): void }}
 * @example
 * const { stats, received } = createStats(1000)
 * const answered = received('POST', '/v1/chat/completions', 0, undefined)
 * answered(200)
 */
export function createStats(maxRecorded) {
  /** @type {SimulatedProviderStats} */
  const stats = {
    total: 0,
    requests: {},
    statuses: {},
    byPath: {},
    attempts: [],
    retryCounts: {},
    faults: {},
    log: [],
  }
  /** @param {Record<string, number>} map @param {string} key */
  const bump = (map, key) => {
    map[key] = (map[key] ?? 0) + 1
  }
  /** @template T @param {T[]} list @param {T} item */
  const push = (list, item) => {
    list.push(item)
    if (list.length > maxRecorded) list.splice(0, list.length - maxRecorded)
  }
  return {
    stats,
    received(method, path, retryCount, fault) {
      stats.total++
      bump(stats.requests, path)
      push(stats.attempts, retryCount)
      bump(stats.retryCounts, String(retryCount))
      if (fault !== undefined) bump(stats.faults, fault)
      /** @type {RequestRecord} */
      const record = { method, path, status: 'none', retryCount, fault }
      push(stats.log, record)
      return (status) => {
        record.status = status
        bump(stats.statuses, String(status))
        stats.byPath[path] ??= {}
        bump(stats.byPath[path], String(status))
      }
    },
    reset() {
      // Clears in place: tests keep a reference to `stats`.
      stats.total = 0
      for (const key of ['requests', 'statuses', 'byPath', 'retryCounts', 'faults']) {
        const map = /** @type {Record<string, unknown>} */ (stats[/** @type {'requests'} */ (key)])
        for (const k of Object.keys(map)) delete map[k]
      }
      stats.attempts.length = 0
      stats.log.length = 0
    },
  }
}
