/**
 * `start()` and `shutdown()`: the lifecycle of one llmeter instance per process. Setup is
 * synchronous up to the first `await`, so calls made right after `start()` (or the register entry)
 * are recorded. A second `start()` warns and returns the running instance.
 *
 * @module
 */
import cluster from 'node:cluster'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createNoopMeter, type MeterProvider, metrics } from '@opentelemetry/api'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { answerPrimaryScrapes } from '../cluster/worker-bridge.js'
import { type LlmeterOptions, type ResolvedConfig, resolveConfig } from '../config.js'
import type { LlmeterPrometheusReader } from '../exporters/prometheus/reader.js'
import { type MetricsRequestHandler, scrapeHandlerFor } from '../exporters/prometheus/scrape-handler.js'
import { type MetricsServer, startMetricsServer } from '../exporters/prometheus/server.js'
import { enableHttpMetrics } from '../http/http-metrics.js'
import { createLlmInstrumentations } from '../instrumentations/index.js'
import { log } from '../internal/diag.js'
import { SCHEMA_URL } from '../semconv/metrics.js'
import { METER_NAME, METER_VERSION, Recorder, setRecorder } from '../tracking/recorder.js'
import { setupCost } from './cost-setup.js'
import { setupDiagFromEnv } from './diag-setup.js'
import { installExitHooks } from './exit-hooks.js'
import { buildProvider } from './provider.js'

/** A running llmeter. */
export interface LlmeterInstance {
  /** The provider llmeter records into (its own, or the app's). */
  readonly meterProvider: MeterProvider
  /** The resolved configuration. */
  readonly config: ResolvedConfig
  /** URL of the standalone scrape endpoint, when it is listening. */
  readonly metricsUrl: string | undefined
  /** Collects now and pushes to push exporters (OTLP, console). */
  forceFlush(): Promise<void>
  /** Flushes and stops; bounded by `shutdownTimeoutMillis`. */
  shutdown(): Promise<void>
}

interface Running extends LlmeterInstance {
  prometheus: LlmeterPrometheusReader | undefined
  /** Settles when the scrape endpoint listens (or failed to) and budget spend is loaded. */
  settled: Promise<unknown>
}

let running: Running | undefined
let starting: Promise<LlmeterInstance> | undefined

function isNoopProvider(provider: MeterProvider): boolean {
  return provider.constructor?.name === 'NoopMeterProvider'
}

function withTimeout(work: Promise<unknown>, ms: number, what: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      log.warn(`${what} did not finish within ${ms} ms; giving up on it`)
      resolve()
    }, ms)
    timer.unref()
    work.then(
      () => {
        clearTimeout(timer)
        resolve()
      },
      (err) => {
        clearTimeout(timer)
        log.warn(`${what} failed`, err)
        resolve()
      },
    )
  })
}

function build(options: LlmeterOptions | undefined): Running | undefined {
  const { config, problems } = resolveConfig(options)
  for (const problem of problems) log.warn(`configuration: ${problem}`)
  if (config.disabled) {
    log.info('llmeter is disabled (OTEL_SDK_DISABLED=true)')
    return undefined
  }
  const global = metrics.getMeterProvider()
  const external = config.meterProvider ?? (isNoopProvider(global) ? undefined : global)
  let provider: MeterProvider
  let prometheus: LlmeterPrometheusReader | undefined
  let owned: { shutdown(): Promise<void>; forceFlush(): Promise<void> } | undefined
  if (external) {
    provider = external
    log.info("recording into the app's MeterProvider; give it llmeterViews() for llmeter's buckets")
  } else {
    const built = buildProvider(config)
    provider = built.provider
    prometheus = built.prometheus
    owned = built.provider
    metrics.setGlobalMeterProvider(built.provider)
  }
  const meter = provider.getMeter(METER_NAME, METER_VERSION, { schemaUrl: SCHEMA_URL })
  const cost = setupCost(config, meter)
  setRecorder(
    new Recorder(meter, {
      maxValuesPerAttribute: config.maxValuesPerAttribute,
      pricer: cost.pricer,
      budgets: cost.budgets,
    }),
  )
  const disableClients = config.instrumentClients
    ? registerInstrumentations({ instrumentations: createLlmInstrumentations() })
    : undefined
  const disableHttp = config.httpMetrics ? enableHttpMetrics(provider, config.prometheus.endpoint) : undefined
  let server: MetricsServer | undefined
  let stopAnswering: (() => void) | undefined
  if (prometheus && cluster.isWorker) {
    // Workers share listening ports; the primary serves the whole cluster (cluster/).
    stopAnswering = answerPrimaryScrapes(prometheus)
  } else if (prometheus && config.prometheus.server) {
    server = startMetricsServer(config.prometheus, scrapeHandlerFor(prometheus, config))
  }
  let drainTimer: NodeJS.Timeout | undefined
  if (prometheus && (config.exporters.has('otlp') || config.exporters.has('console'))) {
    const reader = prometheus
    const every = config.exportIntervalMillis
    drainTimer = setInterval(() => void reader.drainIfIdle(every), every)
    drainTimer.unref()
  }
  let removeExitHooks: (() => void) | undefined
  let stopped: Promise<void> | undefined
  const instance: Running = {
    meterProvider: provider,
    config,
    prometheus,
    settled: Promise.resolve(),
    metricsUrl: undefined,
    forceFlush: () =>
      owned ? withTimeout(owned.forceFlush(), config.shutdownTimeoutMillis, 'flush') : Promise.resolve(),
    shutdown: () => {
      stopped ??= (async () => {
        removeExitHooks?.()
        stopAnswering?.()
        clearInterval(drainTimer)
        disableHttp?.()
        disableClients?.()
        if (running === instance) running = undefined
        setRecorder(new Recorder(createNoopMeter()))
        const work = Promise.allSettled([owned?.shutdown(), server?.close(), cost.budgets?.shutdown()])
        await withTimeout(work, config.shutdownTimeoutMillis, 'shutdown')
        if (owned) metrics.disable()
      })()
      return stopped
    },
  }
  if (config.flushOnExit) removeExitHooks = installExitHooks(() => instance.shutdown())
  if (server) {
    const { host, endpoint } = config.prometheus
    server.listening.then((port) => {
      if (port !== undefined) {
        const shownHost = host.includes(':') ? `[${host}]` : host
        ;(instance as { metricsUrl: string | undefined }).metricsUrl =
          `http://${shownHost}:${port}${endpoint}`
      }
    })
  }
  instance.settled = Promise.all([
    server?.listening,
    cost.budgets?.ready().catch((err) => log.warn('budget spend could not be loaded; starting from 0', err)),
  ])
  return instance
}

/**
 * Starts llmeter: builds (or adopts) the MeterProvider, serves `/metrics`, enables HTTP metrics.
 * Resolves once the scrape endpoint is listening (or failed to: that is logged, never thrown).
 *
 * @example
 * import { start } from 'llmeter'
 * const meter = await start({ serviceName: 'chat-api', prometheus: { port: 9464 } })
 * console.log(meter.metricsUrl) // http://127.0.0.1:9464/metrics
 */
export function start(options?: LlmeterOptions): Promise<LlmeterInstance> {
  if (running) {
    log.warn('start() was called again; returning the running instance')
    return starting ?? Promise.resolve(running)
  }
  try {
    setupDiagFromEnv()
    const instance = build(options)
    if (!instance) return Promise.resolve(disabledInstance(options))
    running = instance
    starting = instance.settled.then(() => instance)
    return starting
  } catch (err) {
    log.error('start() failed; metrics are off', err)
    return Promise.resolve(disabledInstance(options))
  }
}

function disabledInstance(options: LlmeterOptions | undefined): LlmeterInstance {
  const { config } = resolveConfig(options)
  return {
    meterProvider: metrics.getMeterProvider(),
    config,
    metricsUrl: undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  }
}

/** Flushes and stops the running instance, if any. Never rejects. */
export function shutdown(): Promise<void> {
  const instance = running
  starting = undefined
  return instance ? instance.shutdown() : Promise.resolve()
}

/**
 * Resolves with the running instance once its scrape endpoint listens (or failed to), or with
 * `undefined` when llmeter was not started. Useful after `--import llmeter/register`.
 *
 * @example
 * const instance = await ready()
 * console.log(instance?.metricsUrl)
 */
export function ready(): Promise<LlmeterInstance | undefined> {
  return starting ?? Promise.resolve(running)
}

/** The running instance, if `start()` was called. */
export function getInstance(): LlmeterInstance | undefined {
  return running
}

/**
 * A request handler serving the scrape endpoint from your own server (node:http, express,
 * fastify). Answers 503 while llmeter is not running with the Prometheus exporter.
 *
 * @example
 * app.get('/metrics', metricsHandler())                       // express
 * fastify.get('/metrics', (req, reply) => { reply.hijack(); metricsHandler()(req.raw, reply.raw) })
 */
export function metricsHandler(): (request: IncomingMessage, response: ServerResponse) => void {
  let served: { forConfig: ResolvedConfig; handle: MetricsRequestHandler } | undefined
  return (request, response) => {
    const instance = running
    const reader = instance?.prometheus
    if (!instance || !reader) {
      response.statusCode = 503
      response.end('llmeter: the prometheus exporter is not running\n')
      return
    }
    if (served?.forConfig !== instance.config) {
      served = { forConfig: instance.config, handle: scrapeHandlerFor(reader, instance.config) }
    }
    served.handle(request, response)
  }
}
