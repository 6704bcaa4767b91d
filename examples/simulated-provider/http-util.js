// Small helpers shared by the provider handlers: JSON and error replies, SSE events with optional
// latency, and the faults that are about the connection rather than a status.

export const sleep = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve())

export function sendJson(res, status, body, headers = {}) {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Starts an SSE response; `send(event, data)` writes one event, `end()` finishes. */
export function openSse(res) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })
  return {
    send(event, data) {
      if (res.destroyed) return false
      res.write(
        event
          ? `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
          : `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
      )
      return true
    },
    end() {
      if (!res.destroyed) res.end()
    },
    /** Drops the connection mid-stream, after what was sent so far has reached the client. */
    cut() {
      setTimeout(() => res.destroy(), 25)
    },
  }
}

/** Retry headers both SDKs understand; `retry-after-ms` lets tests retry without waiting a second. */
export function retryHeaders(seconds) {
  return { 'retry-after': String(seconds), 'retry-after-ms': String(Math.round(Number(seconds) * 1000)) }
}
