import { connect } from 'node:net'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { AccessOptions } from '../../../src/exporters/prometheus/access.js'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { createScrapeHandler } from '../../../src/exporters/prometheus/scrape-handler.js'
import { type MetricsServer, startMetricsServer } from '../../../src/exporters/prometheus/server.js'

describe('the scrape endpoint', () => {
  let server: MetricsServer | undefined
  let body = ''
  const reader = new LlmeterPrometheusReader()
  const provider = new MeterProvider({ readers: [reader] })
  beforeAll(async () => {
    provider.getMeter('t').createCounter('x', { description: 'x' }).add(1)
    body = await reader.scrape()
    expect(body).toContain('# TYPE x_total counter\nx_total 1\n')
  })
  afterEach(async () => {
    await server?.close()
  })
  afterAll(async () => {
    await provider.shutdown()
  })

  async function serve(options: { headersTimeoutMillis?: number } & AccessOptions = {}) {
    server = startMetricsServer(
      { host: '127.0.0.1', port: 0, endpoint: '/metrics', ...options },
      createScrapeHandler(reader, options),
    )
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
    let answer = ''
    slow.on('data', (d) => {
      answer += d
    })
    const closed = new Promise<string>((resolve) => slow.once('close', () => resolve(answer)))
    const errors: Error[] = []
    slow.on('error', (err) => errors.push(err))
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()))
    slow.write('GET /metrics HTTP/1.1\r\nHost: x\r\n')
    // A header every 50 ms, four of them, all inside the 300 ms limit; then nothing: the headers
    // never end. (Writing on past the server's answer would be met with a reset.)
    let dripped = 0
    const drip = setInterval(() => {
      slow.write('X-Slow: 1\r\n')
      if (++dripped === 4) clearInterval(drip)
    }, 50)
    // A normal scrape while the slow client holds its connection.
    expect(await (await fetch(url)).text()).toBe(body)
    expect(await closed).toMatch(/^HTTP\/1\.1 408/)
    clearInterval(drip)
    expect(errors).toEqual([])
  })
})
