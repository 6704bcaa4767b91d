import { metrics } from '@opentelemetry/api'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { recorderFor } from '../../src/recording/registry.js'
import { type LlmeterInstance, shutdown, start } from '../../src/sdk/start.js'
import { startLlmCall } from '../../src/tracking/llm-call.js'

class Reader extends MetricReader {
  protected override async onShutdown() {}
  protected override async onForceFlush() {}
}

const call = () =>
  startLlmCall({ provider: 'openai', model: 'gpt-4o-mini' }).end({ usage: { inputTokens: 10 } })

/** The value of `llmeter_llm_requests_total` in a scrape of `instance`. */
async function scrapedRequests(instance: LlmeterInstance): Promise<number | undefined> {
  const text = await (await fetch(instance.metricsUrl!)).text()
  const line = text.split('\n').find((l) => l.startsWith('llmeter_llm_requests_total{'))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

/** Every data point of `name` the reader collects now, and the collection errors. */
async function points(reader: Reader, name: string): Promise<number[]> {
  const { resourceMetrics, errors } = await reader.collect()
  expect(errors).toEqual([])
  return resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints.map((p) => p.value as number))
}

describe('start -> record -> shutdown -> start -> record, twice in one process', () => {
  afterEach(() => shutdown())

  it("gives exact counts each time on llmeter's own provider", async () => {
    for (let round = 0; round < 2; round++) {
      const first = await start({ prometheus: { port: 0 }, httpMetrics: false, flushOnExit: false })
      call()
      call()
      expect(await scrapedRequests(first)).toBe(2)
      await shutdown()
      expect(metrics.getMeterProvider()).not.toBe(first.meterProvider)
      const second = await start({ prometheus: { port: 0 }, httpMetrics: false, flushOnExit: false })
      expect(second.meterProvider).not.toBe(first.meterProvider)
      call()
      expect(await scrapedRequests(second)).toBe(1)
      await shutdown()
    }
  })

  it("keeps an app-owned provider's counters continuous and silent while stopped", async () => {
    const reader = new Reader()
    const provider = new MeterProvider({ readers: [reader] })
    let expected = 0
    for (let round = 0; round < 2; round++) {
      for (let restart = 0; restart < 2; restart++) {
        await start({ meterProvider: provider, httpMetrics: false, flushOnExit: false })
        call()
        expected++
        expect(await points(reader, 'llmeter.llm.requests')).toEqual([expected])
        await shutdown()
        // Stopped: the total neither drops nor grows; the next start continues from it.
        expect(await points(reader, 'llmeter.llm.requests')).toEqual([expected])
      }
    }
    await provider.shutdown()
  })

  it('unregisters the observable callbacks on dispose, and re-attaches with the same totals', async () => {
    const reader = new Reader()
    const provider = new MeterProvider({ readers: [reader] })
    const recorder = recorderFor(provider)
    startLlmCall({ provider: 'openai' }, recorder).end()
    expect(await points(reader, 'llmeter.llm.requests')).toEqual([1])
    recorder.dispose()
    // Recorded while detached: nothing reports it until the recorder is attached again.
    startLlmCall({ provider: 'openai' }, recorder).end()
    expect(await points(reader, 'llmeter.llm.requests')).toEqual([1])
    expect(recorderFor(provider)).toBe(recorder)
    expect(await points(reader, 'llmeter.llm.requests')).toEqual([2])
    await provider.shutdown()
  })
})
