/** A minimal OTLP/HTTP JSON metrics receiver on loopback that keeps what it was sent. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface OtlpReceiver {
  readonly url: string
  /** Every request body received on /v1/metrics, parsed as JSON. */
  readonly exports: any[]
  /** Sum of a counter's data points (by OTel name) across the latest export that has it. */
  latestSum(metricName: string): number | undefined
  /** Resolves when at least `n` exports arrived. */
  waitFor(n: number): Promise<void>
  close(): Promise<void>
}

export async function startOtlpReceiver(mode: 'ok' | 'unavailable' = 'ok'): Promise<OtlpReceiver> {
  const exports: any[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      if (mode === 'unavailable') {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1/metrics`,
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
