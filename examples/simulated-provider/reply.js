// One response, whatever its form (JSON, an SSE stream, a broken body, or nothing at all), with the
// status recorded the moment the head is written: before any byte reaches the client, so a test
// that awaits the client's call can read `stats` without racing the server.
import { cutConnection, openSse } from './sse.js'

/**
 * @typedef {object} Reply
 * @property {(status: number, body: unknown, headers?: Record<string, string>) => void} json
 * @property {(body: unknown, fault?: string) => void} answer a 200 JSON answer, with the body faults:
 *   `malformed_json` sends the first half of the JSON, `cut_stream` drops the connection half-way
 * @property {() => import('./sse.js').SseWriter} sse opens a `text/event-stream` 200 response
 * @property {() => boolean} closed whether the client has gone away
 */

/**
 * @param {import('node:http').ServerResponse} res
 * @param {object} options
 * @param {Record<string, string>} options.headers sent with every head (request ids)
 * @param {(status: number | 'none') => void} options.onStatus called once per request; 'none' when
 *   the connection closed before any head was written
 * @returns {Reply}
 */
export function createReply(res, { headers, onStatus }) {
  let recorded = false
  /** @param {number | 'none'} status */
  const record = (status) => {
    if (recorded) return
    recorded = true
    onStatus(status)
  }
  res.on('close', () => record('none'))
  /** @param {number} status @param {Record<string, string>} extra */
  const head = (status, extra) => {
    record(status)
    res.writeHead(status, { ...headers, ...extra })
  }
  return {
    json(status, body, extra = {}) {
      if (res.destroyed || res.headersSent) return
      head(status, { 'content-type': 'application/json', ...extra })
      res.end(JSON.stringify(body))
    },
    answer(body, fault) {
      if (res.destroyed || res.headersSent) return
      const text = JSON.stringify(body)
      const half = text.slice(0, Math.floor(text.length / 2))
      if (fault === 'malformed_json') {
        head(200, { 'content-type': 'application/json' })
        res.end(half)
      } else if (fault === 'cut_stream') {
        // The head promises the whole body; the connection ends after half of it.
        head(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
        res.write(half)
        cutConnection(res)
      } else {
        head(200, { 'content-type': 'application/json' })
        res.end(text)
      }
    },
    sse() {
      if (!res.headersSent && !res.destroyed) {
        head(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
        // Headers go out now, as real providers send them before the first event.
        res.flushHeaders()
      }
      return openSse(res)
    },
    closed: () => res.destroyed || res.writableEnded,
  }
}
