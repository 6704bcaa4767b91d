/**
 * Dimensions the app owns (feature, tenant tier, route), attached to every LLM call made inside
 * `withAttributes()`. Only keys on the configured allow-list (`attributes` / `LLMETER_ATTRIBUTES`)
 * become labels, on the request, token and cost counters and the call histograms; their values are
 * bounded like every label. `http.route`, when allowed, comes from the incoming HTTP request by
 * itself (the route the express and fastify instrumentations resolve).
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { context } from '@opentelemetry/api'
import { getRPCMetadata } from '@opentelemetry/core'
import { warnOnce } from '../internal/diag.js'
import type { Recorder } from '../recording/recorder.js'

type AppAttributes = Readonly<Record<string, string | number | boolean>>

const scope = new AsyncLocalStorage<AppAttributes>()

/**
 * Runs `fn` with `attributes` on every LLM call made inside it (nested calls merge, inner keys win).
 * Returns (or throws) exactly what `fn` does.
 *
 * @example
 * import { withAttributes } from 'llmeter'
 * // with attributes: ['app.feature'] in start() or LLMETER_ATTRIBUTES=app.feature
 * const summary = await withAttributes({ 'app.feature': 'summarize' }, () =>
 *   openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
 * )
 */
export function withAttributes<T>(attributes: AppAttributes, fn: () => T): T {
  const outer = scope.getStore()
  let merged: AppAttributes
  try {
    merged = outer ? { ...outer, ...attributes } : { ...attributes }
  } catch {
    return fn()
  }
  return scope.run(merged, fn)
}

/** The allowed app attributes of a call starting now, bounded, in allow-list order. */
export function appLabels(recorder: Recorder): [string, string][] | undefined {
  const allowed = recorder.appAttributeKeys
  if (allowed.length === 0) return undefined
  const given = scope.getStore()
  let labels: [string, string][] | undefined
  for (const key of allowed) {
    let value: unknown = given?.[key]
    if (value === undefined && key === 'http.route') value = getRPCMetadata(context.active())?.route
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
    const text = String(value)
    if (text.length === 0) continue
    labels ??= []
    labels.push([key, recorder.limiter.admit(key, text)])
  }
  if (given) {
    for (const key of Object.keys(given)) {
      if (!allowed.includes(key)) {
        warnOnce(
          `attribute:${key}`,
          `attribute ${key} is not in the attributes allow-list; it is not recorded`,
        )
      }
    }
  }
  return labels
}
