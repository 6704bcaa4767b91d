/**
 * Sees every HTTP attempt a Bedrock client makes: the AWS SDK retries throttling and 5xx inside its
 * middleware stack, so a wrapper around `send` alone would see only the last one. A middleware in
 * the `deserialize` step runs inside the `finalizeRequest` step, where the retry middleware loops,
 * so once per attempt, after the retry middleware; with priority `high` it wraps the SDK's
 * deserializer and sees each raw response and each parsed exception (`ThrottlingException` with
 * `$metadata.httpStatusCode` 429). Each attempt is credited to the LLM call running in the current
 * async context, so commands sent outside a tracked call pass untouched. The middleware is added
 * once per client instance (marked).
 *
 * It also keeps, per call, the last response's headers (InvokeModel reports its token counts only
 * there) and, per client, the host and port its requests really went to, which it also gives the
 * call when the call started without them (the client's first one).
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import { llmCallContext } from '../../tracking/context.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import type { Endpoint } from '../shared/endpoint.js'
import { bedrockErrorType, httpStatusOf } from './errors.js'

const MARK = Symbol.for('llmeter.bedrock.attempts')
const NAME = 'llmeterBedrockAttempts'

// Weak maps, so nothing here outlives the calls and clients it describes: the headers are read once
// when the call's output is recorded; the endpoint is what later calls of the client are labelled with.
const lastHeaders = new WeakMap<object, unknown>()
const servers = new WeakMap<object, Endpoint>()

interface HttpRequestLike {
  hostname?: unknown
  port?: unknown
  protocol?: unknown
}
interface HandlerResult {
  response?: { statusCode?: unknown; headers?: unknown }
}
type Handler = (args: { request?: HttpRequestLike }) => Promise<HandlerResult>
interface StackLike {
  add(middleware: (next: Handler) => Handler, options: Record<string, unknown>): void
}

/** The response headers of the call's last attempt (undefined when none succeeded). */
export function responseHeaders(call: LlmCall): unknown {
  return lastHeaders.get(call)
}

/** Where `client` sent its requests so far, or undefined parts before its first request. */
export function serverOf(client: unknown): Endpoint {
  const known = client && typeof client === 'object' ? servers.get(client) : undefined
  return known ?? { address: undefined, port: undefined }
}

function learnServer(client: object, request: HttpRequestLike | undefined): void {
  if (servers.has(client) || typeof request?.hostname !== 'string' || request.hostname === '') return
  const port = typeof request.port === 'number' ? request.port : request.protocol === 'http:' ? 80 : 443
  servers.set(client, { address: request.hostname.replace(/^\[|\]$/g, ''), port })
}

/** Adds the per-attempt middleware to `client`'s stack once; never throws. */
export function addAttemptMiddleware(client: unknown): void {
  const target = client as { middlewareStack?: StackLike; [MARK]?: true } | undefined
  if (!target || target[MARK] || typeof target.middlewareStack?.add !== 'function') return
  const middleware = (next: Handler): Handler =>
    async function llmeterAttempt(args) {
      const call = llmCallContext.getStore()
      guard('bedrock server address', () => learnServer(target, args?.request))
      if (!call) return next(args)
      // A client's first call starts before the SDK has resolved its endpoint; it is known here.
      const { address, port } = serverOf(target)
      call.setServer(address, port)
      let result: HandlerResult
      try {
        result = await next(args)
      } catch (error) {
        guard('bedrock attempt', () => call.httpAttempt(httpStatusOf(error), bedrockErrorType(error)))
        throw error
      }
      guard('bedrock attempt', () => {
        const status = result?.response?.statusCode
        call.httpAttempt(typeof status === 'number' ? status : undefined)
        lastHeaders.set(call, result?.response?.headers)
      })
      return result
    }
  try {
    target.middlewareStack.add(middleware, {
      step: 'deserialize',
      priority: 'high',
      name: NAME,
      override: true,
    })
    Object.defineProperty(target, MARK, { value: true })
  } catch {
    // A stack that refuses the middleware: attempts are not counted, the final outcome still is.
  }
}
