import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { startChildApp } from '../../support/child-app.js'
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver.js'

describe('the last interval reaches OTLP when the process stops', () => {
  let receiver: OtlpReceiver | undefined
  afterEach(async () => {
    await receiver?.close()
  })

  const otlpEnv = (url: string) => ({
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
    // Far longer than the test: only the final flush can deliver.
    OTEL_METRIC_EXPORT_INTERVAL: '600000',
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, then exits by that signal', async (signal) => {
    receiver = await startOtlpReceiver()
    const app = await startChildApp(
      ['--import', 'llmeter/register', 'test/fixtures/apps/otlp-exit.mjs'],
      otlpEnv(receiver.url),
    )
    const exit = await app.stop(signal)
    expect(exit).toEqual({ code: null, signal })
    expect(receiver.exports.length).toBeGreaterThanOrEqual(1)
    expect(receiver.latestSum('llmeter.llm.requests')).toBe(3)
    expect(receiver.latestSum('llmeter.llm.tokens')).toBe(33)
  })

  it('on a normal exit', async () => {
    receiver = await startOtlpReceiver()
    const app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/otlp-exit.mjs'], {
      ...otlpEnv(receiver.url),
      EXIT_MODE: 'natural',
    })
    if (app.proc.exitCode === null) await once(app.proc, 'exit')
    expect(app.proc.exitCode).toBe(0)
    expect(receiver.latestSum('llmeter.llm.requests')).toBe(3)
  })

  it('is skipped on request: LLMETER_FLUSH_ON_EXIT=false sends nothing', async () => {
    receiver = await startOtlpReceiver()
    const app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/otlp-exit.mjs'], {
      ...otlpEnv(receiver.url),
      LLMETER_FLUSH_ON_EXIT: 'false',
    })
    const exit = await app.stop('SIGTERM')
    expect(exit.signal).toBe('SIGTERM')
    expect(receiver.exports).toEqual([])
  })
})
