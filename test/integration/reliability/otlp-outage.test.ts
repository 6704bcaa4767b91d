import { afterEach, describe, expect, it } from 'vitest'
import { shutdown, start } from '../../../src/sdk/start.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver.js'

const INTERVAL = 100
const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  return check()
}

describe('OTLP endpoint outages', () => {
  let receiver: OtlpReceiver | undefined
  let d: DiagCapture
  afterEach(async () => {
    await shutdown()
    await receiver?.close()
    d.stop()
  })

  it('survives refusing, 503 and hanging phases, then delivers cumulative totals', async () => {
    d = captureDiag()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    // Phase 1: nothing listens on the port (connection refused).
    const probe = await startOtlpReceiver()
    const port = Number(new URL(probe.url).port)
    await probe.close()
    await start({
      exporters: ['otlp'],
      otlp: { url: `http://127.0.0.1:${port}/v1/metrics`, protocol: 'http/json', timeoutMillis: 200 },
      exportIntervalMillis: INTERVAL,
      exportTimeoutMillis: INTERVAL,
      shutdownTimeoutMillis: 1_000,
      httpMetrics: false,
    })
    let calls = 0
    const record = (n: number) => {
      for (let i = 0; i < n; i++, calls++) startLlmCall({ provider: 'openai', model: 'gpt-4o' }).end()
    }
    const heapBefore = process.memoryUsage().heapUsed
    record(500)
    // Several exports have failed on the refused connection (the SDK reports each through diag).
    const refusals = () => d.warnings('ECONNREFUSED').length
    expect(await until(() => refusals() >= 3)).toBe(true)
    // Phase 2: the collector answers 503.
    receiver = await startOtlpReceiver('unavailable', port)
    record(500)
    expect(await until(() => receiver!.refused >= 5)).toBe(true)
    // Phase 3: the collector accepts connections and never answers.
    receiver.mode = 'hang'
    const refusedBefore = receiver.refused
    record(500)
    expect(await until(() => receiver!.refused >= refusedBefore + 5)).toBe(true)
    // Recovery.
    receiver.mode = 'ok'
    record(500)
    expect(await until(() => receiver!.latestSum('llmeter.llm.requests') === calls)).toBe(true)
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6
    process.off('unhandledRejection', onUnhandled)
    console.log(
      `otlp outage: ${calls} calls over refused/503/hanging phases; ${receiver.refused} failed exports; ` +
        `after recovery the collector saw all ${receiver.latestSum('llmeter.llm.requests')}; heap growth ${heapGrowthMb.toFixed(1)} MB`,
    )
    expect(unhandled).toEqual([])
    expect(heapGrowthMb).toBeLessThan(100)
  })
})
