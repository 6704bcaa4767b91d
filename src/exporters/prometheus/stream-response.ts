/**
 * Writes a shared exposition to one response, a chunk at a time and only when the socket has
 * drained, so a slow client holds at most about one chunk of its own (the chunks themselves are
 * shared). The response listens to `drain` and `close` once for its whole life: a listener per
 * chunk would pile up (Node warns past ten) and keep every chunk's closure alive.
 *
 * @module
 */
import type { ServerResponse } from 'node:http'
import { CONTENT_TYPE } from './serializer.js'
import type { SharedExposition } from './shared-exposition.js'

function startBody(response: ServerResponse): void {
  if (response.headersSent) return
  response.statusCode = 200
  response.setHeader('content-type', CONTENT_TYPE)
}

function endFailed(response: ServerResponse): void {
  if (response.headersSent) {
    // Part of the body is out; cutting the connection tells the scraper the body is incomplete.
    response.destroy()
    return
  }
  response.statusCode = 500
  response.setHeader('content-type', CONTENT_TYPE)
  response.end('# llmeter: metrics collection failed\n')
}

/** Streams `exposition` into `response`; resolves when the response ended or was closed. Never rejects. */
export async function streamExposition(
  response: ServerResponse,
  exposition: SharedExposition,
): Promise<void> {
  let resume: (() => void) | undefined
  const wake = () => {
    const r = resume
    resume = undefined
    r?.()
  }
  response.on('drain', wake)
  response.on('close', wake)
  try {
    let next = 0
    while (!response.destroyed) {
      const waiting = exposition.whenAvailable(next)
      if (waiting) {
        await waiting
        continue
      }
      const chunk = exposition.chunks[next]
      if (chunk === undefined) {
        if (exposition.state === 'failed') endFailed(response)
        else {
          startBody(response)
          response.end()
        }
        return
      }
      next++
      startBody(response)
      if (!response.write(chunk) && !response.destroyed) {
        await new Promise<void>((resolve) => {
          resume = resolve
        })
      }
    }
  } catch {
    response.destroy()
  } finally {
    response.off('drain', wake)
    response.off('close', wake)
  }
}
