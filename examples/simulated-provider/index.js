/**
 * A simulated LLM provider on loopback that speaks OpenAI's and Anthropic's wire formats well enough
 * for the real `openai` and `@anthropic-ai/sdk` clients, unchanged, pointed at it with `baseURL`:
 * JSON answers and SSE streams with usage, errors in each provider's body shape, `retry-after` on
 * 429, and each provider's rate-limit headers (1000 requests and 2M tokens a minute) on every answer. llmeter's tests drive it exactly through request headers; the demo gives it random latency
 * and fault rates. Plain ESM JavaScript with JSDoc types, so it runs without a build.
 *
 * Run it alone (until Ctrl-C), with demo-like latency and a few random faults:
 *
 *     npx node examples/simulated-provider/main.js [port]     # or PORT=8787; default 8787
 *
 * then point a client at it: `new OpenAI({ apiKey: 'x', baseURL: 'http://127.0.0.1:8787/v1' })`,
 * `new Anthropic({ apiKey: 'x', baseURL: 'http://127.0.0.1:8787' })`, or
 * `new AzureOpenAI({ apiKey: 'x', endpoint: 'http://127.0.0.1:8787', apiVersion: '2024-10-21' })`.
 *
 * Endpoints (the `/v1` prefix is optional):
 *   POST /v1/chat/completions                           JSON, or SSE with `stream: true`
 *   POST /v1/responses                                  JSON, or the Responses event stream
 *   POST /v1/embeddings                                 float or base64 vectors
 *   POST /openai/deployments/{name}/chat/completions    Azure OpenAI (`?api-version=` ignored)
 *   POST /openai/deployments/{name}/embeddings          Azure OpenAI
 *   POST /v1/messages                                   Anthropic, JSON or SSE
 *   POST /v1/messages/count_tokens                      Anthropic
 *
 * Request headers that control the answer (the clients' `headers` or `defaultHeaders` options):
 *   x-sim-usage           JSON {"input","output","cacheRead","cacheWrite","reasoning"} (missing = 0).
 *                         `input` excludes cache reads and writes; `output` includes reasoning.
 *                         OpenAI: prompt_tokens = input + cacheRead (cached_tokens = cacheRead),
 *                         completion_tokens = output (reasoning_tokens = reasoning); cacheWrite is
 *                         not reported. Anthropic: input_tokens = input, cache_read_input_tokens =
 *                         cacheRead, cache_creation_input_tokens = cacheWrite, output_tokens = output.
 *                         Without it: input = ceil(prompt characters / 4) (at least 1; the prompt is
 *                         every text the request sends: messages, system, instructions, input),
 *                         output = the reply's word count, no cache or reasoning tokens;
 *                         embeddings count ceil(characters / 4) per input string.
 *   x-sim-chunks          content deltas in a stream (default 5, or one per word of a shorter reply);
 *                         a count above the reply's word count lengthens the reply with filler words
 *   x-sim-reply           the reply text (default: a fixed sentence containing "simulated answer")
 *   x-sim-response-model  the model the answer names (default: the requested one, unchanged)
 *   x-sim-fault           429 | 500 | 503 | 529 | 401 | 403 | 404 | 400 | context_length |
 *                         content_filter | timeout | cut_stream | malformed_json
 *                         timeout: no answer until the client gives up (or close());
 *                         cut_stream: x-sim-cut-after deltas (default 2), then the connection drops;
 *                         malformed_json: the JSON body, or one stream event, is truncated;
 *                         on a plain (non-stream) request cut_stream drops the body half-way.
 *   x-sim-fault-attempts  K: apply the fault only while the client's x-stainless-retry-count < K,
 *                         so "fails twice, then the SDK's own retry succeeds" is K = 2
 *   x-sim-retry-after     seconds in retry-after on 429 (and on 5xx when given); default 0. retry-after-ms
 *                         is sent too, at least 1 ms, which both SDKs honour: retries in tests are instant.
 *   x-sim-should-retry    passed through as x-should-retry (true/false), which both SDKs obey
 *   x-sim-first-byte-ms, x-sim-chunk-ms   per-request latency, overriding the options
 *
 * The random fault rates (`faults` option, for the demo) apply only to requests without
 * x-sim-fault. `stats` counts requests by path, answers by status and by path, the SDKs'
 * x-stainless-retry-count of every request (`attempts`: [0, 1, 2] for a call retried twice) and
 * the faults applied; `resetStats()` clears it in place.
 *
 * @module
 */
import { createServer } from 'node:http'
import { seededRandom } from './random.js'
import { createRateLimits } from './rate-limits.js'
import { createRouter } from './router.js'
import { createStats } from './stats.js'

/**
 * @typedef {object} SimulatedProviderOptions
 * @property {string} [host] interface to listen on; default 127.0.0.1
 * @property {number} [port] default 0: the system picks a free port
 * @property {{ firstByteMs?: number, perChunkMs?: number, jitter?: number }} [latency] milliseconds
 *   before the head and between stream deltas (default 0); `jitter` (0..1, default 0) varies each
 *   wait by up to that fraction, at random
 * @property {{ rateLimit?: number, serverError?: number }} [faults] probabilities (0..1) that a
 *   request without `x-sim-fault` gets a 429 or a 500 (default 0)
 * @property {number} [seed] seeds the random source, so faults and jitter can be replayed
 * @property {() => number} [random] the random source itself, numbers in [0, 1); wins over `seed`
 * @property {() => number} [now] clock for `created` fields, in ms; default Date.now
 * @property {number} [retryAfter] seconds advertised on 429s when the request does not say; default 0
 * @property {number} [maxRecorded] entries kept in `stats.attempts` and `stats.log`; default 10000
 * @property {boolean} [unref] let the server not keep the process alive; default true
 * @property {(error: unknown) => void} [onError] called if a handler throws (a provider bug);
 *   default: a process warning
 * @property {(request: { method: string, path: string, retryCount: number, fault: string | undefined }) => void} [onRequest]
 *   called as each request arrives, before it is answered (lets a test wait for a held request)
 */

/**
 * @typedef {object} SimulatedProvider
 * @property {string} url `http://host:port`, without a trailing slash
 * @property {number} port
 * @property {import('./stats.js').SimulatedProviderStats} stats what the provider has seen so far
 * @property {() => void} resetStats clears `stats` in place
 * @property {() => Promise<void>} close stops listening and drops open connections (held ones too)
 */

/**
 * Starts the simulated provider.
 * @param {SimulatedProviderOptions} [options]
 * @returns {Promise<SimulatedProvider>}
 * @example
 * const provider = await startSimulatedProvider()
 * const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1` })
 * await openai.chat.completions.create(
 *   { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
 *   { headers: { 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' } },
 * )
 * provider.stats.attempts // [0, 1]: one 429, then the SDK's retry succeeded
 * await provider.close()
 */
export async function startSimulatedProvider(options = {}) {
  const host = options.host ?? '127.0.0.1'
  const unref = options.unref ?? true
  const recorder = createStats(options.maxRecorded ?? 10_000)
  const server = createServer(
    { keepAliveTimeout: 5_000 },
    createRouter({
      stats: recorder,
      faults: { rateLimit: options.faults?.rateLimit ?? 0, serverError: options.faults?.serverError ?? 0 },
      latency: {
        firstByteMs: options.latency?.firstByteMs ?? 0,
        perChunkMs: options.latency?.perChunkMs ?? 0,
        jitter: Math.min(1, Math.max(0, options.latency?.jitter ?? 0)),
      },
      random: options.random ?? (options.seed === undefined ? Math.random : seededRandom(options.seed)),
      now: options.now ?? Date.now,
      retryAfter: options.retryAfter ?? 0,
      rateLimits: createRateLimits({ now: options.now ?? Date.now }),
      unref,
      onError:
        options.onError ??
        ((error) => process.emitWarning(`simulated provider: a handler failed: ${String(error)}`)),
      onRequest: options.onRequest ?? (() => {}),
    }),
  )
  // Connections must not hold the process open either: idle keep-alive sockets, and those the
  // timeout fault never answers. A client waiting for an answer keeps its own socket ref'd.
  if (unref) server.on('connection', (socket) => socket.unref())
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  if (unref) server.unref()
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: recorder.stats,
    resetStats: recorder.reset,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        // Drops keep-alive sockets, streams in progress and responses held by the timeout fault.
        server.closeAllConnections()
      }),
  }
}
