// A simulated LLM provider on loopback that speaks OpenAI's and Anthropic's wire formats well
// enough for the real `openai` and `@anthropic-ai/sdk` clients: JSON and SSE streams with usage,
// errors in each provider's shape, 429s with retry-after. Used by llmeter's tests (deterministic,
// driven by request headers) and by the demo (random latency and faults).
//
// Run it alone: `npx node examples/simulated-provider/main.js [port]`.
//
// Request headers a test may set (the clients' `headers` / `defaultHeaders` options):
//   x-sim-usage            JSON {input, output, cacheRead, cacheWrite, reasoning}: the usage to report.
//                          `input` excludes cache reads (OpenAI's prompt_tokens = input + cacheRead;
//                          Anthropic reports cache reads and writes apart from input_tokens).
//   x-sim-chunks           content deltas in a stream (default 5)
//   x-sim-response-model   the model the response names (default: the requested one)
//   x-sim-fault            429 | 500 | 529 | 401 | 400 | context_length | content_filter | timeout |
//                          cut_stream | malformed_json
//   x-sim-fault-attempts   apply the fault only while the client's x-stainless-retry-count < K
//   x-sim-retry-after      seconds sent in retry-after on 429 (default 0; retry-after-ms too)
import { createServer } from 'node:http'
import { anthropicError, messages } from './anthropic.js'
import { chatCompletions, embeddings, openaiError, responses } from './openai.js'
import { scenarioFor } from './scenario.js'

const ROUTES = [
  [/^\/v1\/chat\/completions$/, 'openai', chatCompletions],
  [/^\/v1\/responses$/, 'openai', responses],
  [/^\/v1\/embeddings$/, 'openai', embeddings],
  [/^\/openai\/deployments\/[^/]+\/chat\/completions$/, 'openai', chatCompletions],
  [/^\/openai\/deployments\/[^/]+\/embeddings$/, 'openai', embeddings],
  [/^\/v1\/messages$/, 'anthropic', messages],
]

/** A small deterministic PRNG (mulberry32) so the demo's faults can be reproduced with a seed. */
function seeded(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Starts the simulated provider.
 * @param {{ host?: string, port?: number, latency?: { firstByteMs?: number, perChunkMs?: number },
 *           faults?: { rateLimit?: number, serverError?: number }, seed?: number, unref?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, close(): Promise<void>, stats: { requests: Record<string, number>, statuses: Record<string, number>, attempts: number[] } }>}
 */
export async function startSimulatedProvider(options = {}) {
  const host = options.host ?? '127.0.0.1'
  const latency = {
    firstByteMs: options.latency?.firstByteMs ?? 0,
    perChunkMs: options.latency?.perChunkMs ?? 0,
  }
  const faults = { rateLimit: options.faults?.rateLimit ?? 0, serverError: options.faults?.serverError ?? 0 }
  const random = options.seed === undefined ? Math.random : seeded(options.seed)
  const stats = { requests: {}, statuses: {}, attempts: [] }
  const held = new Set()

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const route = ROUTES.find(([pattern]) => pattern.test(path))
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      stats.requests[path] = (stats.requests[path] ?? 0) + 1
      res.on('finish', () => {
        stats.statuses[res.statusCode] = (stats.statuses[res.statusCode] ?? 0) + 1
      })
      if (!route || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end('{"error":{"message":"not found","type":"invalid_request_error"}}')
        return
      }
      const raw = Buffer.concat(chunks).toString('utf8')
      let body
      try {
        body = JSON.parse(raw)
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' })
        res.end('{"error":{"message":"body is not JSON","type":"invalid_request_error"}}')
        return
      }
      const [, kind, handler] = route
      const sc = scenarioFor(req.headers, raw, faults, random)
      stats.attempts.push(sc.attempt)
      if (sc.fault === 'timeout') {
        // Hold the response until the client gives up and closes the socket.
        held.add(res)
        res.on('close', () => held.delete(res))
        return
      }
      const answered =
        kind === 'openai'
          ? openaiError(res, sc.fault, sc.retryAfter)
          : anthropicError(res, sc.fault, sc.retryAfter)
      if (answered) return
      try {
        await handler(req, res, body, sc, latency)
      } catch {
        if (!res.headersSent) res.writeHead(500)
        res.end()
      }
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, resolve)
  })
  if (options.unref ?? true) server.unref()
  const port = server.address().port
  return {
    url: `http://${host}:${port}`,
    port,
    stats,
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
