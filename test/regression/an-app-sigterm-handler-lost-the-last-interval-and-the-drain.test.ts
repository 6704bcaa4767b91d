import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { startChildApp } from '../support/child-app.js'
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.js'

const env = (url: string, extra: Record<string, string> = {}) => ({
  OTEL_METRICS_EXPORTER: 'otlp,prometheus',
  OTEL_EXPORTER_PROMETHEUS_PORT: '0',
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: url,
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
  // Far longer than the test: only a flush on the stop path can deliver.
  OTEL_METRIC_EXPORT_INTERVAL: '600000',
  ...extra,
})

/** The value of `llmeter_llm_requests_total` in a scrape. */
async function scrapedRequests(url: string): Promise<number | undefined> {
  const text = await (await fetch(url)).text()
  const line = text.split('\n').find((l) => l.startsWith('llmeter_llm_requests_total{'))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe("an app's own SIGTERM handler", () => {
  let receiver: OtlpReceiver | undefined
  afterEach(() => receiver?.close())

  it('await shutdown(); process.exit(0) delivers every call', async () => {
    receiver = await startOtlpReceiver()
    const app = await startChildApp(
      ['--import', 'llmeter/register', 'test/fixtures/apps/app-signal-handler.mjs'],
      env(receiver.url, { CALLS: '7' }),
    )
    const exit = await app.stop('SIGTERM')
    expect(exit).toEqual({ code: 0, signal: null })
    expect(receiver.latestSum('llmeter.llm.requests')).toBe(7)
    expect(app.stderr()).toBe('')
  })

  it('keeps llmeter recording and serving while the app drains, and delivers the drain', async () => {
    receiver = await startOtlpReceiver()
    const app = await startChildApp(
      ['--import', 'llmeter/register', 'test/fixtures/apps/app-signal-handler.mjs'],
      env(receiver.url, { CALLS: '7', DRAIN: '1' }),
    )
    const metricsUrl = app.info.metricsUrl!
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const exited = once(app.proc, 'exit')
    app.proc.kill('SIGTERM')
    await app.waitForOutput('draining')
    app.proc.stdin!.write('call\n')
    await app.waitForOutput('called')
    // The last scrape of the drain sees the call made after SIGTERM.
    expect(await scrapedRequests(metricsUrl)).toBe(8)
    app.proc.stdin!.write('stop\n')
    const [code] = await exited
    expect(code).toBe(0)
    expect(receiver.latestSum('llmeter.llm.requests')).toBe(8)
  })
})
