/**
 * Records a call whose raw `Response` the host took with `asResponse()`: the SDK will not parse
 * that body, so llmeter looks at the response itself. A JSON body is read from a `clone()` (the
 * host's own body is untouched and still unread) for its usage; a stream is recorded as done when
 * its head arrives, without tokens, because reading a copy of a stream would keep downloading it
 * after the host cancels its own.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { LlmCall } from '../../tracking/llm-call.js'

interface ResponseLike {
  headers?: { get(name: string): string | null }
  clone?: () => { json(): Promise<unknown> }
}

/** Watches `response` (the promise handed to the host) and ends `call` from it; never throws. */
export function recordRawResponse(
  response: Promise<unknown>,
  call: LlmCall,
  streaming: boolean,
  onJson: (value: unknown) => void,
): void {
  response.then(
    (value) => {
      const res = value as ResponseLike | undefined
      const type = res?.headers?.get('content-type') ?? ''
      if (streaming || !type.includes('json') || typeof res?.clone !== 'function') {
        call.end()
        return
      }
      try {
        // Runs before the host's continuation (registered first), so the body is still unread here.
        res
          .clone()
          .json()
          .then(onJson, () => call.end())
          .then(undefined, (err: unknown) => log.debug('recording a raw response failed', err))
      } catch (err) {
        log.debug('could not copy a raw response', err)
        call.end()
      }
    },
    // The rejection is the host's; the request's own failure handler records it.
    () => {},
  )
}
