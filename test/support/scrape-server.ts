/** An in-process reader with `series` counter + histogram series, served on 127.0.0.1 port 0. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { LlmeterPrometheusReader } from '../../src/exporters/prometheus/reader.js'
import {
  createScrapeHandler,
  type ScrapeHandlerOptions,
} from '../../src/exporters/prometheus/scrape-handler.js'
import { type MetricsServer, startMetricsServer } from '../../src/exporters/prometheus/server.js'

export interface ScrapeFixture {
  reader: LlmeterPrometheusReader
  url: string
  port: number
  /** Calls of `reader.collect()` so far. */
  collects(): number
  close(): Promise<void>
}

export async function serveSeries(
  series: number,
  options: ScrapeHandlerOptions = {},
  wrap: (
    handler: (req: IncomingMessage, res: ServerResponse) => void,
  ) => (req: IncomingMessage, res: ServerResponse) => void = (h) => h,
  beforeCollect: () => Promise<void> = () => Promise.resolve(),
): Promise<ScrapeFixture> {
  const reader = new LlmeterPrometheusReader()
  const provider = new MeterProvider({
    readers: [reader],
    views: [{ instrumentName: '*', aggregationCardinalityLimit: 1e6 }],
  })
  const meter = provider.getMeter('t')
  const counter = meter.createCounter('jobs', { description: 'jobs' })
  const histogram = meter.createHistogram('lat', {
    description: 'lat',
    unit: 's',
    advice: { explicitBucketBoundaries: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  })
  for (let i = 0; i < series; i++) {
    counter.add(1, { shard: `s${i}` })
    histogram.record(i % 12, { shard: `s${i}` })
  }
  let collects = 0
  const original = reader.collect.bind(reader)
  reader.collect = async (o) => {
    collects++
    await beforeCollect()
    return original(o)
  }
  const server: MetricsServer = startMetricsServer(
    { host: '127.0.0.1', port: 0, endpoint: '/metrics' },
    wrap(createScrapeHandler(reader, options)),
  )
  const port = (await server.listening)!
  return {
    reader,
    url: `http://127.0.0.1:${port}/metrics`,
    port,
    collects: () => collects,
    close: async () => {
      await server.close()
      await provider.shutdown()
    },
  }
}
