// Routes a request to its provider handler, after the steps every endpoint shares: read and parse
// the body, read the scenario from the x-sim-* headers, count the request, apply latency and the
// faults that are not about the body (error statuses, holding the response).
import { anthropicCountTokens, anthropicMessages } from './anthropic-messages.js'
import { answerFault, errorBody } from './errors.js'
import { openaiChat } from './openai-chat.js'
import { openaiEmbeddings } from './openai-embeddings.js'
import { openaiResponses } from './openai-responses.js'
import { createReply } from './reply.js'
import { retryCountOf, ScenarioError, scenarioFor } from './scenario.js'

/**
 * What a handler gets for one request.
 * @typedef {object} Exchange
 * @property {Record<string, any>} body the parsed request body
 * @property {import('./scenario.js').Scenario} scenario
 * @property {import('./reply.js').Reply} reply
 * @property {string} model the model the response names
 * @property {string} requestId
 * @property {(prefix: string) => string} newId a fresh id such as `chatcmpl-sim1f`
 * @property {() => number} nowSeconds
 * @property {(kind: 'firstByte' | 'chunk') => Promise<void>} pause the configured latency
 */

/** @typedef {(ex: Exchange) => void | Promise<void>} Handler */

// The optional prefixes cover every way the SDKs build these paths: `/v1` from a baseURL that
// ends in it, `/openai` and `/deployments/{name}` from AzureOpenAI (and Azure's v1 API).
/** @type {Array<{ pattern: RegExp, provider: 'openai' | 'anthropic', handle: Handler }>} */
const ROUTES = [
  {
    pattern: /^(?:\/openai)?(?:\/v1)?(?:\/deployments\/([^/]+))?\/chat\/completions$/,
    provider: 'openai',
    handle: openaiChat,
  },
  { pattern: /^(?:\/openai)?(?:\/v1)?\/responses$/, provider: 'openai', handle: openaiResponses },
  {
    pattern: /^(?:\/openai)?(?:\/v1)?(?:\/deployments\/([^/]+))?\/embeddings$/,
    provider: 'openai',
    handle: openaiEmbeddings,
  },
  { pattern: /^(?:\/v1)?\/messages$/, provider: 'anthropic', handle: anthropicMessages },
  { pattern: /^(?:\/v1)?\/messages\/count_tokens$/, provider: 'anthropic', handle: anthropicCountTokens },
]

/**
 * @typedef {object} RouterOptions
 * @property {ReturnType<typeof import('./stats.js').createStats>} stats
 * @property {{ rateLimit: number, serverError: number }} faults
 * @property {{ firstByteMs: number, perChunkMs: number, jitter: number }} latency
 * @property {() => number} random
 * @property {() => number} now milliseconds since the epoch
 * @property {number} retryAfter seconds advertised on 429 when the request does not say
 * @property {ReturnType<typeof import('./rate-limits.js').createRateLimits>} rateLimits
 * @property {boolean} unref
 * @property {(error: unknown) => void} onError a handler threw (a bug in the provider)
 * @property {(request: { method: string, path: string, retryCount: number, fault: string | undefined }) => void} onRequest
 */

/**
 * @param {RouterOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createRouter(options) {
  let seq = 0
  /** @param {string} prefix */
  const newId = (prefix) => `${prefix}sim${(++seq).toString(36)}`
  return (req, res) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('error', () => {}) // a client that goes away mid-upload is not our failure
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8'), options, newId).catch((error) => {
        // A bug in a handler must not take the provider (or the test process) down: answer 500
        // and report it where a test run shows it.
        if (!res.headersSent && !res.destroyed) res.writeHead(500).end()
        else res.destroy()
        options.onError(error)
      })
    })
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} raw
 * @param {RouterOptions} options
 * @param {(prefix: string) => string} newId
 */
async function handle(req, res, raw, options, newId) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  const route = ROUTES.find((r) => r.pattern.test(path))
  const provider = route?.provider ?? (path.includes('/messages') ? 'anthropic' : 'openai')
  const requestId = newId('req_')
  /** @type {{ body?: Record<string, any>, scenario?: import('./scenario.js').Scenario, problem?: string }} */
  const parsed = {}
  try {
    parsed.body = raw === '' ? {} : JSON.parse(raw)
    parsed.scenario = scenarioFor(
      req.headers,
      parsed.body,
      options.faults,
      options.random,
      options.retryAfter,
    )
  } catch (error) {
    parsed.problem =
      error instanceof ScenarioError ? error.message : 'We could not parse the JSON body of your request.'
  }
  const retryCount = retryCountOf(req.headers)
  const fault = parsed.scenario?.fault
  const answered = options.stats.received(req.method ?? 'GET', path, retryCount, fault)
  options.onRequest({ method: req.method ?? 'GET', path, retryCount, fault })
  const reply = createReply(res, {
    headers: {
      ...(provider === 'openai' ? { 'x-request-id': requestId } : { 'request-id': requestId }),
      ...options.rateLimits.headers(provider),
    },
    onStatus: answered,
  })
  const { body, scenario } = parsed
  if (!route || req.method !== 'POST') {
    const type = provider === 'openai' ? 'invalid_request_error' : 'not_found_error'
    reply.json(
      404,
      errorBody(provider, type, `No route for ${req.method} ${path} (simulated).`, null, requestId),
    )
    return
  }
  if (!body || !scenario || typeof body !== 'object' || Array.isArray(body)) {
    reply.json(
      400,
      errorBody(
        provider,
        'invalid_request_error',
        parsed.problem ?? 'The body must be a JSON object.',
        null,
        requestId,
      ),
    )
    return
  }
  // Timeout: no answer at all. The client's own timeout (or the provider's close()) ends the
  // connection; the socket is unref'd, so a forgotten one does not keep the process alive.
  if (scenario.fault === 'timeout') return
  /** @param {'firstByte' | 'chunk'} kind */
  const pause = (kind) => {
    const base =
      kind === 'firstByte'
        ? (scenario.latency.firstByteMs ?? options.latency.firstByteMs)
        : (scenario.latency.perChunkMs ?? options.latency.perChunkMs)
    // The random source is drawn only with jitter on, so a seed replays the same faults
    // whether or not the provider has latency.
    const { jitter } = options.latency
    const ms = jitter > 0 ? base * (1 + jitter * (2 * options.random() - 1)) : base
    if (!(ms > 0)) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      if (options.unref) timer.unref()
    })
  }
  await pause('firstByte')
  if (answerFault(reply, provider, scenario, requestId)) return
  const deployment = route.pattern.exec(path)?.[1]
  const model =
    scenario.responseModel ?? (typeof body.model === 'string' ? body.model : deployment) ?? 'unknown'
  await route.handle({
    body,
    scenario,
    reply,
    model,
    requestId,
    newId,
    nowSeconds: () => Math.floor(options.now() / 1000),
    pause,
  })
}
