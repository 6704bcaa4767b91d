/** A MeterProvider with llmeter's Prometheus reader, scraped in-process, and llmeter's diagnostics. */
import type { Meter } from '@opentelemetry/api'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'

export interface ScrapedProvider {
  meter: Meter
  diag: DiagCapture
  scrape(): Promise<string>
  close(): Promise<void>
}

export function scrapedProvider(): ScrapedProvider {
  const diag = captureDiag()
  const reader = new LlmeterPrometheusReader()
  const provider = new MeterProvider({ readers: [reader] })
  return {
    meter: provider.getMeter('host-app'),
    diag,
    scrape: () => reader.scrape(),
    close: async () => {
      diag.stop()
      await provider.shutdown()
    },
  }
}

/** The exposition without its target_info family, which every scrape has. */
export function withoutTargetInfo(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(# (HELP|TYPE) )?target_info[ {]/.test(l))
    .join('\n')
}
