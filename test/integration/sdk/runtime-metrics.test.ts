import { getHeapStatistics } from 'node:v8'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { shutdown, start } from '../../../src/sdk/start.js'

const families = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2] ?? ''),
  )

describe('runtime health metrics', () => {
  afterEach(() => shutdown())

  it('are in the default scrape: event loop, heap, process CPU and memory', async () => {
    const instance = await start({ prometheus: { port: 0 }, httpMetrics: false, flushOnExit: false })
    // The event-loop delay histogram has values once it took its first sample (10 ms resolution).
    const served = await vi.waitFor(
      async () => {
        const names = families(await (await fetch(instance.metricsUrl!)).text())
        if (!names.has('nodejs_eventloop_delay_p99_seconds')) throw new Error('no event-loop sample yet')
        return names
      },
      { timeout: 5_000, interval: 20 },
    )
    for (const name of [
      'nodejs_eventloop_delay_p99_seconds',
      'nodejs_eventloop_utilization_ratio',
      'v8js_memory_heap_used_bytes',
      'process_cpu_time_seconds_total',
      'process_memory_usage',
      'llmeter_runtime_heap_size_limit_bytes',
    ]) {
      expect(served, name).toContain(name)
    }
    const text = await (await fetch(instance.metricsUrl!)).text()
    expect(text).toContain(`\nllmeter_runtime_heap_size_limit_bytes ${getHeapStatistics().heap_size_limit}\n`)
  })

  it('are off with runtimeMetrics: false, and never added to an app-owned provider', async () => {
    const off = await start({
      prometheus: { port: 0 },
      httpMetrics: false,
      flushOnExit: false,
      runtimeMetrics: false,
    })
    const served = families(await (await fetch(off.metricsUrl!)).text())
    expect(
      [...served].filter(
        (n) =>
          n.startsWith('nodejs_') ||
          n.startsWith('v8js_') ||
          n.startsWith('process_') ||
          n.startsWith('llmeter_runtime_'),
      ),
    ).toEqual([])
    await shutdown()
    const provider = new MeterProvider()
    const adopted = await start({ meterProvider: provider, httpMetrics: false, flushOnExit: false })
    expect(adopted.meterProvider).toBe(provider)
    const meters = (provider as unknown as { _sharedState: { meterSharedStates: Map<string, unknown> } })
      ._sharedState.meterSharedStates
    expect([...meters.keys()].filter((k) => !k.startsWith('llmeter'))).toEqual([])
    await shutdown()
    await provider.shutdown()
  })
})
