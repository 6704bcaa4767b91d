/**
 * llmeter's only way to speak: the OTel `diag` logger under the `llmeter` namespace. Nothing is
 * printed unless the app (or `OTEL_LOG_LEVEL` / `LLMETER_DEBUG` through the register entry)
 * installed a diag logger. Repeated problems are reported once per key.
 *
 * @module
 */
import { diag } from '@opentelemetry/api'

export const log = diag.createComponentLogger({ namespace: 'llmeter' })

// Module state: "once" is per process, and every module warns through here. Keys are cut and
// bounded, so neither a flood of distinct keys nor huge ones (model names from responses) can grow
// memory or the host's logs.
const warned = new Set<string>()
const MAX_WARN_KEYS = 1000
const MAX_KEY_LENGTH = 200
let suppressed = false

/**
 * Warns once per key for the life of the process. Past {@link MAX_WARN_KEYS} distinct keys, one
 * last warning says that further distinct warnings are not shown, and nothing more is printed.
 */
export function warnOnce(key: string, message: string): void {
  const cut = key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key
  if (warned.has(cut)) return
  if (warned.size >= MAX_WARN_KEYS) {
    if (!suppressed) {
      suppressed = true
      log.warn(`${MAX_WARN_KEYS} distinct warnings were given; further ones are not shown`)
    }
    return
  }
  warned.add(cut)
  log.warn(message.length > 1000 ? `${message.slice(0, 1000)}...` : message)
}

/**
 * For tests: forget which warnings were given.
 *
 * @internal
 */
export function resetWarnings(): void {
  warned.clear()
  suppressed = false
}
