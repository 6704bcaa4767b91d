/**
 * `start()` and `shutdown()`: the lifecycle of the one llmeter instance a process runs. `start()`
 * builds every part first (parts.ts: nothing global touched), then installs them in one step that
 * rolls back on failure (install.ts). Setup is synchronous up to the first `await`, so calls made
 * right after `start()` (or the register entry) are recorded. A second `start()` warns and returns
 * the running instance; `start()` and `shutdown()` never throw or reject.
 *
 * @module
 */
import { type MeterProvider, metrics } from '@opentelemetry/api'
import { type LlmeterOptions, type ResolvedConfig, resolveConfig } from '../config.js'
import type { LlmeterPrometheusReader } from '../exporters/prometheus/reader.js'
import { type MetricsRequestHandler, scrapeHandlerFor } from '../exporters/prometheus/scrape-handler.js'
import { createWebScrapeHandler, type WebMetricsHandler } from '../exporters/prometheus/web-scrape.js'
import { log } from '../internal/diag.js'
import { guarded } from '../internal/guard.js'
import { setupDiagFromEnv } from './diag-setup.js'
import { installExitHooks } from './exit-hooks.js'
import { type Installed, install } from './install.js'
import { buildParts, type Parts } from './parts.js'

/** A running llmeter. */
export interface LlmeterInstance {
  /** The provider llmeter records into (its own, or the app's). */
  readonly meterProvider: MeterProvider
  /** The resolved configuration. */
  readonly config: ResolvedConfig
  /** URL of the standalone scrape endpoint, once it is listening. */
  readonly metricsUrl: string | undefined
  /** Collects now and pushes to push exporters (OTLP, console). */
  forceFlush(): Promise<void>
  /** Flushes and stops; bounded by `shutdownTimeoutMillis`. Never rejects. */
  shutdown(): Promise<void>
}

class Instance implements LlmeterInstance {
  metricsUrl: string | undefined
  /** Settles when the scrape endpoint listens (or failed to) and budget spend is loaded. */
  readonly settled: Promise<unknown>
  private stopping: Promise<boolean> | undefined
  private readonly removeExitHooks: (() => void) | undefined

  constructor(
    private readonly parts: Parts,
    private readonly installed: Installed,
    private readonly onStop: (instance: Instance, stop: Promise<unknown>) => void,
  ) {
    const { config } = parts
    if (config.flushOnExit) {
      this.removeExitHooks = installExitHooks({ flush: () => this.forceFlush(), stop: () => this.stopOnce() })
    }
    const server = installed.server
    if (server) {
      const { host, endpoint } = config.prometheus
      server.listening.then((port) => {
        if (port !== undefined && !this.stopping) {
          this.metricsUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}${endpoint}`
        }
      })
    }
    this.settled = Promise.all([
      server?.listening,
      installed.patched,
      parts.cost?.budgets
        ?.ready()
        .catch((err) => log.warn('budget spend could not be loaded; starting from 0', err)),
    ])
  }

  get meterProvider(): MeterProvider {
    return this.parts.provider
  }

  get config(): ResolvedConfig {
    return this.parts.config
  }

  get prometheus(): LlmeterPrometheusReader | undefined {
    return this.parts.prometheus
  }

  forceFlush(): Promise<void> {
    const owned = this.parts.owned
    if (!owned || this.stopping) return Promise.resolve()
    return withTimeout(owned.forceFlush(), this.config.shutdownTimeoutMillis, 'flush')
  }

  async shutdown(): Promise<void> {
    await this.stopOnce()
  }

  /** Stops once; resolves true when every step finished within the shutdown timeout. */
  private stopOnce(): Promise<boolean> {
    if (!this.stopping) {
      this.stopping = this.stop()
      this.onStop(this, this.stopping)
    }
    return this.stopping
  }

  private async stop(): Promise<boolean> {
    this.removeExitHooks?.()
    this.metricsUrl = undefined
    const { owned, cost } = this.parts
    const limit = this.config.shutdownTimeoutMillis
    const deadline = performance.now() + limit
    const within = (work: Promise<unknown>, step: string) =>
      finishes(work, Math.max(0, deadline - performance.now())).then((done) => {
        if (!done) log.warn(`shutdown did not finish within ${limit} ms (${step}); giving up on it`)
        return done
      })
    // Push the last interval first, while everything is still in place; then take it all down,
    // whether or not that push finished in time, so a stop always leaves nothing installed.
    const flushed = owned ? await within(owned.forceFlush(), 'the final flush') : true
    this.installed.uninstall()
    const closing = Promise.allSettled([
      owned?.shutdown(),
      this.installed.server?.close(),
      cost?.budgets?.shutdown(),
    ])
    return flushed && (await within(closing, 'closing exporters and servers'))
  }
}

/** Resolves true when `work` settles within `ms`, false when the time ran out first; never rejects. */
function finishes(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    timer.unref()
    work.then(
      () => {
        clearTimeout(timer)
        resolve(true)
      },
      (err) => {
        clearTimeout(timer)
        log.warn('shutdown step failed', err)
        resolve(true)
      },
    )
  })
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

// The running instance. Module state because the process has one lifecycle: `shutdown()`,
// `metricsHandler()` and a second `start()` must find the instance `start()` made.
let running: { instance: Instance; ready: Promise<LlmeterInstance> } | undefined
/** The instance being stopped, so a `shutdown()` during a stop waits for the same stop. */
let stopping: Promise<unknown> | undefined

/**
 * Starts llmeter: builds (or adopts) the MeterProvider, instruments the LLM clients, serves
 * `/metrics`, enables HTTP metrics. Resolves once the scrape endpoint is listening (or failed to:
 * that is logged, never thrown). When setup fails, nothing is left installed and the instance
 * returned records nothing.
 *
 * @example
 * import { start } from 'llmeter'
 * const meter = await start({ serviceName: 'chat-api', prometheus: { port: 9464 } })
 * console.log(meter.metricsUrl) // http://127.0.0.1:9464/metrics
 */
export function start(options?: LlmeterOptions): Promise<LlmeterInstance> {
  if (running) {
    log.warn('start() was called again; returning the running instance')
    return running.ready
  }
  let config: ResolvedConfig | undefined
  try {
    setupDiagFromEnv()
    const resolved = resolveConfig(options)
    config = resolved.config
    for (const problem of resolved.problems) log.warn(`configuration: ${problem}`)
    if (config.disabled) {
      log.info('llmeter is disabled (OTEL_SDK_DISABLED=true)')
      return Promise.resolve(inactive(config))
    }
    const parts = buildParts(config)
    const installed = install(parts)
    const instance = new Instance(parts, installed, (stopped, stop) => {
      if (running?.instance === stopped) running = undefined
      stopping = stop
      void stop.finally(() => {
        if (stopping === stop) stopping = undefined
      })
    })
    const ready = instance.settled.then(() => instance)
    running = { instance, ready }
    return ready
  } catch (err) {
    log.error('start() failed; nothing was installed and metrics are off', err)
    return Promise.resolve(inactive(config))
  }
}

/** What `start()` returns when llmeter is disabled or could not start. */
function inactive(config: ResolvedConfig | undefined): LlmeterInstance {
  return {
    meterProvider: metrics.getMeterProvider(),
    config: config ?? guarded('resolveConfig', () => resolveConfig(undefined).config, undefined as never),
    metricsUrl: undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  }
}

/**
 * Flushes and stops the running instance, if any; while a stop is under way, waits for it. Never
 * rejects.
 *
 * @example
 * process.on('SIGTERM', async () => {
 *   await shutdown()
 *   process.exit(0)
 * })
 */
export function shutdown(): Promise<void> {
  if (running) return running.instance.shutdown()
  return stopping ? stopping.then(() => undefined) : Promise.resolve()
}

/**
 * Resolves with the running instance once its scrape endpoint listens (or failed to), or with
 * `undefined` when llmeter is not running. Useful after `--import llmeter/register`.
 *
 * @example
 * import { ready } from 'llmeter'
 * const instance = await ready()
 * console.log(instance?.metricsUrl)
 */
export function ready(): Promise<LlmeterInstance | undefined> {
  return running ? running.ready : Promise.resolve(undefined)
}

/**
 * A request handler serving the scrape endpoint from your own server (node:http, express,
 * fastify): the same scrape the standalone server serves. Answers 503 while llmeter is not running
 * with the Prometheus exporter.
 *
 * @example
 * app.get('/metrics', metricsHandler())                       // express
 * fastify.get('/metrics', (req, reply) => { reply.hijack(); metricsHandler()(req.raw, reply.raw) })
 */
export function metricsHandler(): MetricsRequestHandler {
  let served: { forConfig: ResolvedConfig; handle: MetricsRequestHandler } | undefined
  return (request, response) => {
    const instance = running?.instance
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

/**
 * The scrape endpoint as a Web `Request -> Response` handler, for route handlers built on the Fetch
 * API (a Next.js App Router `route.ts`): the same scrape as `metricsHandler()`. Answers 503 while
 * llmeter is not running with the Prometheus exporter. A Web request carries no client address,
 * so with `allowFrom` set every request is refused (403); bearer and basic auth apply.
 *
 * @example
 * // app/metrics/route.ts
 * import { metricsFetchHandler } from 'llmeter'
 * export const GET = metricsFetchHandler()
 */
export function metricsFetchHandler(): WebMetricsHandler {
  let served: { forConfig: ResolvedConfig; handle: WebMetricsHandler } | undefined
  return async (request) => {
    const instance = running?.instance
    const reader = instance?.prometheus
    if (!instance || !reader) {
      return new Response('llmeter: the prometheus exporter is not running\n', { status: 503 })
    }
    if (served?.forConfig !== instance.config) {
      const { config } = instance
      served = {
        forConfig: config,
        handle: createWebScrapeHandler(reader, {
          ...config.prometheus,
          clusterWorkerTimeoutMillis: config.clusterWorkerTimeoutMillis,
        }),
      }
    }
    return served.handle(request)
  }
}
