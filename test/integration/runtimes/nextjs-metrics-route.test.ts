import { afterEach, describe, expect, it } from 'vitest'
import { llm, metricsFetchHandler, shutdown, start } from '../../../src/index.js'
import { captureDiag } from '../../support/diag-capture.js'

// metricsFetchHandler(): the scrape as a Web Request -> Response handler, what a Next.js route
// handler exports (`export const GET = metricsFetchHandler()`); nextjs.test.ts serves it from a
// built app, this file checks its answers in-process.
const GET = metricsFetchHandler()
const url = 'http://app.local/metrics'
const series =
  'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini"}'

afterEach(async () => {
  await shutdown()
})

describe('metricsFetchHandler', () => {
  it('answers 503 while llmeter is not running', async () => {
    const response = await GET(new Request(url))
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('llmeter: the prometheus exporter is not running\n')
  })

  it('serves the scrape, with the exact counts, to a request with the bearer token only', async () => {
    await start({
      prometheus: { server: false, bearerToken: 's3cret' },
      httpMetrics: false,
      runtimeMetrics: false,
    })
    for (let i = 0; i < 3; i++)
      llm
        .start({ provider: 'openai', model: 'gpt-4o-mini' })
        .end({ usage: { inputTokens: 5, outputTokens: 2 } })

    const refused = await GET(new Request(url))
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toBe('Bearer, Basic realm="metrics"')

    const response = await GET(new Request(url, { headers: { authorization: 'Bearer s3cret' } }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await response.text()
    expect(text.split('\n').filter((l) => l.startsWith(`${series} `))).toEqual([`${series} 3`])

    const head = await GET(new Request(url, { method: 'HEAD', headers: { authorization: 'Bearer s3cret' } }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('refuses every request when an allow-list is set, since a Web request has no client address', async () => {
    await start({
      prometheus: { server: false, allowFrom: ['127.0.0.1'] },
      httpMetrics: false,
      runtimeMetrics: false,
    })
    const response = await GET(new Request(url))
    expect(response.status).toBe(403)
  })

  it('answers concurrent scrapes, each with the whole body', async () => {
    await start({ prometheus: { server: false }, httpMetrics: false, runtimeMetrics: false })
    llm
      .start({ provider: 'openai', model: 'gpt-4o-mini' })
      .end({ usage: { inputTokens: 5, outputTokens: 2 } })
    const bodies = await Promise.all(
      Array.from({ length: 5 }, async () => (await GET(new Request(url))).text()),
    )
    expect(new Set(bodies).size).toBe(1)
    expect(bodies[0]!.split('\n').filter((l) => l.startsWith(`${series} `))).toEqual([`${series} 1`])
  })

  it('cuts off a body nobody reads within scrapeTimeoutMillis, and frees its place', async () => {
    const d = captureDiag()
    try {
      await start({
        prometheus: { server: false, scrapeTimeoutMillis: 20, maxConcurrentScrapes: 1 },
        httpMetrics: false,
        runtimeMetrics: false,
      })
      llm.start({ provider: 'openai', model: 'gpt-4o-mini' }).end()
      const unread = await GET(new Request(url))
      expect(unread.status).toBe(200)
      // The one place is taken until the unread body is cut off.
      expect((await GET(new Request(url))).status).toBe(503)
      const cut = () => d.lines.some((l) => l.message.includes('a scrape took longer than 20 ms'))
      for (let i = 0; i < 1_000_000 && !cut(); i++) await new Promise((r) => setImmediate(r))
      expect(cut()).toBe(true)
      await expect(unread.text()).rejects.toThrow('llmeter: scrape timed out')
      const next = await GET(new Request(url))
      expect(next.status).toBe(200)
      expect((await next.text()).split('\n').filter((l) => l.startsWith(`${series} `))).toEqual([
        `${series} 1`,
      ])
    } finally {
      d.stop()
    }
  })
})
