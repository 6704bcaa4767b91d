/**
 * One invocation of a serverless function: make sure llmeter runs, call the handler, then push
 * what the invocation recorded before its promise settles. A function's process is frozen (or
 * ended) as soon as the handler's promise settles, so a periodic export would rarely run and
 * nothing may be scraped; the push has to happen inside the invocation. It is bounded, so a slow
 * or unreachable collector costs at most `flushTimeoutMillis` per invocation, never the result.
 *
 * @module
 */
import { type LlmeterInstance, type LlmeterOptions, ready, start } from '../index.js'
import { log } from '../internal/diag.js'

/** Options of the serverless wrappers. */
export interface ServerlessOptions {
  /**
   * How `start()` is called on the first invocation when llmeter is not running yet (for
   * example under `NODE_OPTIONS=--import llmeter/register` it already is, and this is unused).
   * Default: the environment, with OTLP as the exporter when `OTEL_METRICS_EXPORTER` is unset,
   * and never a scrape server.
   */
  llmeter?: LlmeterOptions
  /** Longest wait for the push after each invocation. Default 2000 ms. */
  flushTimeoutMillis?: number
}

export const DEFAULT_FLUSH_TIMEOUT_MILLIS = 2_000

// The instance every wrapper in the process flushes. Module state because the process runs one
// llmeter: two wrapped handlers (or two concurrent first invocations) must not both start one.
let starting: Promise<LlmeterInstance> | undefined

/** The options for a start of our own: push, and no server nobody can reach. */
function startOptions(options: LlmeterOptions | undefined): LlmeterOptions {
  const given = options ?? {}
  const exporters = given.exporters ?? (process.env.OTEL_METRICS_EXPORTER?.trim() ? undefined : ['otlp'])
  return {
    ...given,
    ...(exporters ? { exporters } : {}),
    prometheus: { ...given.prometheus, server: false },
  }
}

/** The running instance, started with `options` if there is none. Never rejects. */
function running(options: LlmeterOptions | undefined): Promise<LlmeterInstance> {
  starting ??= ready().then((instance) => instance ?? start(startOptions(options)))
  return starting
}

/** Pushes what was recorded; resolves within `ms` whatever the collector does. Never rejects. */
function flushWithin(instance: LlmeterInstance, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      log.warn(
        `the flush after an invocation did not finish within ${ms} ms; the function goes on without it`,
      )
      resolve()
    }, ms)
    timer.unref()
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    try {
      instance.forceFlush().then(done, (err) => {
        log.warn('the flush after an invocation failed', err)
        done()
      })
    } catch (err) {
      log.warn('the flush after an invocation failed', err)
      done()
    }
  })
}

function flushTimeout(options: ServerlessOptions | undefined): number {
  const ms = options?.flushTimeoutMillis
  if (ms === undefined) return DEFAULT_FLUSH_TIMEOUT_MILLIS
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms
  log.warn(`flushTimeoutMillis must be a number of milliseconds >= 0; using ${DEFAULT_FLUSH_TIMEOUT_MILLIS}`)
  return DEFAULT_FLUSH_TIMEOUT_MILLIS
}

/**
 * Runs `call` as one invocation: starts llmeter if needed, then flushes once `call` settled.
 * Resolves with what `call` resolved with, rejects with what it rejected with (the same values).
 */
export function invocationRunner(options: ServerlessOptions | undefined) {
  const ms = flushTimeout(options)
  return async <R>(call: () => R | PromiseLike<R>): Promise<Awaited<R>> => {
    const instance = await running(options?.llmeter)
    let outcome: { ok: true; value: Awaited<R> } | { ok: false; error: unknown }
    try {
      outcome = { ok: true, value: await call() }
    } catch (error) {
      outcome = { ok: false, error }
    }
    await flushWithin(instance, ms)
    if (!outcome.ok) throw outcome.error
    return outcome.value
  }
}
