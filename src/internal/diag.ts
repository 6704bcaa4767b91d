/**
 * llmeter's only way to speak: the OTel `diag` logger under the `llmeter` namespace. Nothing is
 * printed unless the app (or `OTEL_LOG_LEVEL` / `LLMETER_DEBUG` through the register entry)
 * installed a diag logger. Repeated problems are reported once per key.
 *
 * @module
 */
import { diag } from '@opentelemetry/api'

export const log = diag.createComponentLogger({ namespace: 'llmeter' })

const warned = new Set<string>()
const MAX_WARN_KEYS = 1000

/** Warns once per key for the life of the process (bounded, so a flood of keys cannot grow memory). */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return
  if (warned.size < MAX_WARN_KEYS) warned.add(key)
  log.warn(message)
}

/**
 * For tests: forget which warnings were given.
 *
 * @internal
 */
export function resetWarnings(): void {
  warned.clear()
}
