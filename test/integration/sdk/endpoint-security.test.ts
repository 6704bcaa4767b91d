import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type MetricsServer, startMetricsServer } from '../../../src/exporters/prometheus/server.js'

const body = '# HELP x x\n# TYPE x counter\nx_total 1\n'
const handler = (_req: unknown, res: import('node:http').ServerResponse) => res.end(body)

describe('the scrape endpoint', () => {
  let server: MetricsServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  async function serve(options: Partial<Parameters<typeof startMetricsServer>[0]> = {}) {
    server = startMetricsServer({ host: '127.0.0.1', port: 0, endpoint: '/metrics', ...options }, handler)
    const port = await server.listening
    return `http://127.0.0.1:${port}/metrics`
  }

  it('requires the bearer token when one is configured', async () => {
    const url = await serve({ bearerToken: 's3cret' })
    const denied = await fetch(url)
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toContain('Bearer')
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong!' } })).status).toBe(401)
    const ok = await fetch(url, { headers: { authorization: 'Bearer s3cret' } })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe(body)
  })

  it('accepts basic auth credentials', async () => {
    const url = await serve({ basicAuth: 'prom:pa55' })
    expect((await fetch(url)).status).toBe(401)
    const good = `Basic ${Buffer.from('prom:pa55').toString('base64')}`
    expect((await fetch(url, { headers: { authorization: good } })).status).toBe(200)
  })

  it('refuses clients outside the allow-list with 403', async () => {
    expect((await fetch(await serve({ allowFrom: ['10.0.0.0/8'] }))).status).toBe(403)
    await server?.close()
    expect((await fetch(await serve({ allowFrom: ['10.0.0.0/8', '127.0.0.0/8'] }))).status).toBe(200)
  })

  it('cuts off a client that sends its headers too slowly, while other scrapes are served', async () => {
    const url = await serve({ headersTimeoutMillis: 300 })
    const { port } = new URL(url)
    const slow = connect(Number(port), '127.0.0.1')
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()))
    slow.write('GET /metrics HTTP/1.1\r\nHost: x\r\n')
    const drip = setInterval(() => slow.write('X-Slow: 1\r\n'), 50)
    // A normal scrape while the slow client holds its connection.
    expect(await (await fetch(url)).text()).toBe(body)
    const closed = await new Promise<string>((resolve) => {
      let answer = ''
      slow.on('data', (d) => {
        answer += d
      })
      slow.once('close', () => resolve(answer))
    })
    clearInterval(drip)
    expect(closed).toMatch(/^HTTP\/1\.1 408/)
  })
})
