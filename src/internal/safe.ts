/**
 * Never-throw helpers. Everything llmeter runs on the host's path goes through these, so a bug of
 * ours becomes one diagnostic, not an exception in somebody else's request.
 *
 * @module
 */
import { log } from './diag.js'

/** Runs `fn`, returning its value, or `fallback` after logging if it throws. */
export function safely<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn()
  } catch (err) {
    log.debug(`${what} failed`, err)
    return fallback
  }
}

/** Runs `fn` for its side effects only; never throws. */
export function quietly(what: string, fn: () => void): void {
  try {
    fn()
  } catch (err) {
    log.debug(`${what} failed`, err)
  }
}
