import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'

// The demo under a bounded load on loopback, with /metrics scraped every 100 ms throughout.
// LLMETER_LOAD_SECONDS sets the length: `npm run test:all` (what CI runs) sets 60, a plain
// `npm test` runs the same test and assertions for 10 s.
const SECONDS = Number(process.env.LLMETER_LOAD_SECONDS ?? '10')

describe('the demo under load with concurrent scrapes', () => {
  let app: ChildApp
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmeter-load-'))
    app = await startChildApp(
      [
        '--expose-gc',
        '--env-file=examples/demo/demo.env',
        '--import',
        'llmeter/register',
        'examples/demo/main.js',
        '--faults',
        '0',
        '--json',
      ],
      { OTEL_EXPORTER_PROMETHEUS_PORT: '0', LLMETER_BUDGET_STORE: join(dir, 'spend.json') },
    )
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it(`serves every request and every scrape for ${SECONDS} s with a flat heap`, {
    timeout: (SECONDS + 60) * 1000,
  }, async () => {
    const heap = async () =>
      ((await (await fetch(`${app.info.appUrl}/healthz`)).json()) as { heapUsed: number }).heapUsed
    const scrapes = { served: 0, failed: 0, invalid: 0, checked: 0 }
    let scraping = true
    const scraper = (async () => {
      while (scraping) {
        const started = Date.now()
        try {
          const res = await fetch(app.info.metricsUrl!)
          const text = await res.text()
          if (res.status !== 200 || !text.startsWith('# HELP target_info')) {
            scrapes.invalid++
          } else {
            scrapes.served++
            if (scrapes.served % 100 === 1) {
              scrapes.checked++
              const check = promtoolCheckMetrics(text)
              if (check.status !== 0) {
                scrapes.invalid++
                console.log(`promtool rejected a scrape: ${check.output}`)
              }
            }
          }
        } catch {
          scrapes.failed++
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))))
      }
    })()
    const warmup = autocannon({
      url: app.info.appUrl!,
      connections: 4,
      duration: Math.min(10, SECONDS / 6),
      requests: [{ path: '/chat' }],
    })
    await warmup
    const heapAfterWarmup = await heap()
    const result = await autocannon({
      url: app.info.appUrl!,
      connections: 8,
      duration: SECONDS,
      requests: [{ path: '/chat' }, { path: '/summarize' }, { path: '/agent' }, { path: '/local' }],
    })
    scraping = false
    await scraper
    const heapAtEnd = await heap()
    const growthMb = (heapAtEnd - heapAfterWarmup) / 1e6
    console.log(
      `load: ${result.requests.total} requests in ${SECONDS} s (${result.requests.average}/s average), ` +
        `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts; ` +
        `${scrapes.served} scrapes served (${scrapes.checked} checked by promtool), ${scrapes.failed} failed, ${scrapes.invalid} invalid; ` +
        `heap ${(heapAfterWarmup / 1e6).toFixed(1)} MB after warm-up, ${(heapAtEnd / 1e6).toFixed(1)} MB at the end (${growthMb.toFixed(1)} MB)`,
    )
    expect(result.requests.total).toBeGreaterThan(SECONDS * 10)
    expect(result.non2xx).toBe(0)
    expect(result.errors).toBe(0)
    expect(result.timeouts).toBe(0)
    expect(scrapes.failed).toBe(0)
    expect(scrapes.invalid).toBe(0)
    expect(scrapes.served).toBeGreaterThan(SECONDS * 5)
    expect(growthMb).toBeLessThan(20)
  })
})
