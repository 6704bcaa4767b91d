/** A minimal OTLP/HTTP JSON metrics receiver on loopback that keeps what it was sent. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ReceiverMode = 'ok' | 'unavailable' | 'hang'

export interface OtlpReceiver {
  readonly url: string
  /** What it does with the next requests: accept, answer 503, or never answer. */
  mode: ReceiverMode
  /** Requests answered 503 or left hanging. */
  readonly refused: number
  /** Every request body received on /v1/metrics, parsed as JSON. */
  readonly exports: any[]
  /** Sum of a counter's data points (by OTel name) across the latest export that has it. */
  latestSum(metricName: string): number | undefined
  /** Resolves when at least `n` exports arrived. */
  waitFor(n: number): Promise<void>
  close(): Promise<void>
}

export async function startOtlpReceiver(initialMode: ReceiverMode = 'ok', port = 0): Promise<OtlpReceiver> {
  const exports: any[] = []
  const state = { mode: initialMode, refused: 0 }
  const waiters: { n: number; resolve: () => void }[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      if (state.mode === 'hang') {
        state.refused++
        return
      }
      if (state.mode === 'unavailable') {
        state.refused++
        res.statusCode = 503
        res.end()
        return
      }
      if (req.url === '/v1/metrics') {
        exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        for (const w of waiters) if (exports.length >= w.n) w.resolve()
      }
      res.setHeader('content-type', 'application/json')
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}/v1/metrics`,
    get mode() {
      return state.mode
    },
    set mode(mode: ReceiverMode) {
      state.mode = mode
    },
    get refused() {
      return state.refused
    },
    exports,
    latestSum(metricName) {
      for (let i = exports.length - 1; i >= 0; i--) {
        for (const rm of exports[i].resourceMetrics ?? []) {
          for (const sm of rm.scopeMetrics ?? []) {
            for (const m of sm.metrics ?? []) {
              if (m.name !== metricName) continue
              const points = m.sum?.dataPoints ?? []
              return points.reduce((acc: number, p: any) => acc + Number(p.asDouble ?? p.asInt ?? 0), 0)
            }
          }
        }
      }
      return undefined
    },
    waitFor(n) {
      if (exports.length >= n) return Promise.resolve()
      return new Promise((resolve) => waiters.push({ n, resolve }))
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
