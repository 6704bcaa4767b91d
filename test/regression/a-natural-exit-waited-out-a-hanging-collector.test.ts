import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { startChildApp } from '../support/child-app.js'
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.js'

describe('a natural exit with a collector that never answers', () => {
  let receiver: OtlpReceiver | undefined
  afterEach(() => receiver?.close())

  it('ends the process after the shutdown timeout, with its own exit code', async () => {
    receiver = await startOtlpReceiver('hang')
    const app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/otlp-exit.mjs'], {
      EXIT_MODE: 'natural',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      // The exporter would wait a minute per attempt (longer than this test may run); the stop
      // gives up after 300 ms, and then nothing of the app is left to wait for.
      OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
      LLMETER_SHUTDOWN_TIMEOUT: '300',
      OTEL_LOG_LEVEL: 'warn',
    })
    const [code] = app.proc.exitCode === null ? await once(app.proc, 'exit') : [app.proc.exitCode]
    expect(code).toBe(0)
    expect(app.stderr()).toContain('shutdown did not finish within 300 ms (the final flush)')
  })
})
