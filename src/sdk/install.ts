/**
 * The second half of `start()`: puts the parts built by parts.ts in place, in one step. Each step
 * registers its undo before the next runs; when any step throws, the undos run in reverse, so a
 * failed start leaves no global provider, patch, listener, server or timer behind. `uninstall`
 * is the same undo list, run by `shutdown()`.
 *
 * @module
 */
import cluster from 'node:cluster'
import { metrics } from '@opentelemetry/api'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { answerPrimaryScrapes } from '../cluster/worker-bridge.js'
import { scrapeHandlerFor } from '../exporters/prometheus/scrape-handler.js'
import { type MetricsServer, startMetricsServer } from '../exporters/prometheus/server.js'
import { httpMetricsInstrumentations } from '../http/http-metrics.js'
import { guard } from '../internal/guard.js'
import { runtimeWithoutLoaderHooks } from '../internal/runtime.js'
import { recorderFor, setDefaultProvider } from '../recording/registry.js'
import { patchEagerly } from './eager-patch.js'
import { installEsmHook } from './esm-hook.js'
import type { Parts } from './parts.js'
import { enableRuntimeMetrics } from './runtime-metrics.js'

export interface Installed {
  /** The standalone scrape server, when one was started. */
  readonly server: MetricsServer | undefined
  /** Settles when the client packages are patched, on runtimes where that is done eagerly (eager-patch.ts). */
  readonly patched: Promise<void> | undefined
  /** Runs every undo, newest first; never throws. */
  uninstall(): void
}

/** Installs `parts`; on failure undoes what it did and rethrows. */
export function install(parts: Parts): Installed {
  const undo: (() => void)[] = []
  const uninstall = () => {
    while (undo.length > 0) guard('uninstall', undo.pop()!)
  }
  const { config, provider, prometheus } = parts
  try {
    const cost = parts.cost
    if (cost) undo.push(() => cost.dispose())
    if (parts.owned && metrics.setGlobalMeterProvider(provider)) undo.push(() => metrics.disable())
    const recorder = recorderFor(provider)
    recorder.configure({
      maxValuesPerAttribute: config.maxValuesPerAttribute,
      attributes: config.attributes,
      providers: config.providers,
      pricer: parts.cost?.pricer,
      budgets: parts.cost?.budgets,
    })
    undo.push(() => recorder.dispose())
    setDefaultProvider(provider)
    undo.push(() => setDefaultProvider(undefined))
    const loaderless = runtimeWithoutLoaderHooks()
    const instrumentations = [
      ...parts.instrumentations,
      ...(config.httpMetrics ? httpMetricsInstrumentations(config.prometheus.endpoint) : []),
    ]
    let patched: Promise<void> | undefined
    if (instrumentations.length > 0) {
      if (!loaderless) installEsmHook()
      // Where patching is eager, its undo runs after the instrumentations are disabled: a module
      // their own hook also saw is unpatched by disable(), and eager-patch.ts leaves it alone.
      let undoEager = () => {}
      if (loaderless) undo.push(() => undoEager())
      undo.push(registerInstrumentations({ instrumentations, meterProvider: provider }))
      if (loaderless) {
        const eager = patchEagerly(instrumentations, loaderless)
        undoEager = eager.undo
        patched = eager.done
      }
    }
    if (config.runtimeMetrics && parts.owned) undo.push(enableRuntimeMetrics(provider))
    let server: MetricsServer | undefined
    if (prometheus && cluster.isWorker) {
      // Workers share listening ports; the primary serves the whole cluster (cluster/).
      undo.push(answerPrimaryScrapes(prometheus))
    } else if (prometheus && config.prometheus.server) {
      const started = startMetricsServer(config.prometheus, scrapeHandlerFor(prometheus, config))
      server = started
      undo.push(() => void started.close())
    }
    if (prometheus && (config.exporters.has('otlp') || config.exporters.has('console'))) {
      // The Prometheus reader keeps what it collected for the next scrape; with a push exporter
      // and nobody scraping, it must be drained now and then (reader.ts).
      const every = config.exportIntervalMillis
      const timer = setInterval(() => void prometheus.drainIfIdle(every), every)
      timer.unref()
      undo.push(() => clearInterval(timer))
    }
    return { server, patched, uninstall }
  } catch (err) {
    uninstall()
    void parts.cost?.budgets?.shutdown().catch(() => {})
    throw err
  }
}
