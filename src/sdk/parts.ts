/**
 * The first half of `start()`: every part of an llmeter instance built from the configuration,
 * with nothing installed and no global touched (see install.ts for the second half). Optional
 * parts that fail to build (a price file, budgets, their store) are one diagnostic each and are
 * left out; the metrics never depend on them.
 *
 * @module
 */
import { type MeterProvider, metrics } from '@opentelemetry/api'
import type { Instrumentation } from '@opentelemetry/instrumentation'
import type { ResolvedConfig } from '../config.js'
import type { LlmeterPrometheusReader } from '../exporters/prometheus/reader.js'
import { createLlmInstrumentations } from '../instrumentations/index.js'
import { log } from '../internal/diag.js'
import { llmeterMeter } from '../recording/registry.js'
import { type CostSetup, setupCost } from './cost-setup.js'
import { buildProvider } from './provider.js'

export interface Parts {
  readonly config: ResolvedConfig
  /** The provider llmeter records into: its own (`owned`), or the app's. */
  readonly provider: MeterProvider
  /** llmeter's own provider, which it sets global, flushes and shuts down; absent for the app's. */
  readonly owned: { shutdown(): Promise<void>; forceFlush(): Promise<void> } | undefined
  readonly prometheus: LlmeterPrometheusReader | undefined
  readonly cost: CostSetup | undefined
  readonly instrumentations: Instrumentation[]
}

function isNoopProvider(provider: MeterProvider): boolean {
  return provider.constructor?.name === 'NoopMeterProvider'
}

/** Builds the parts; throws only on a defect of ours in a required part. */
export function buildParts(config: ResolvedConfig): Parts {
  const global = metrics.getMeterProvider()
  const external = config.meterProvider ?? (isNoopProvider(global) ? undefined : global)
  let provider: MeterProvider
  let owned: Parts['owned']
  let prometheus: LlmeterPrometheusReader | undefined
  if (external) {
    provider = external
    log.info("recording into the app's MeterProvider; give it llmeterViews() for llmeter's buckets")
  } else {
    const built = buildProvider(config)
    provider = built.provider
    owned = built.provider
    prometheus = built.prometheus
  }
  const instrumentations = config.instrumentClients ? createLlmInstrumentations() : []
  let cost: CostSetup | undefined
  try {
    cost = setupCost(config, llmeterMeter(provider))
  } catch (err) {
    log.warn('prices and budgets could not be set up; costs use the bundled catalog and budgets are off', err)
  }
  return { config, provider, owned, prometheus, cost, instrumentations }
}
