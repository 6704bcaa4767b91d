/**
 * The never-throw guard. Everything llmeter runs on the host's path goes through it, so a bug of
 * ours becomes one debug diagnostic, never an exception in somebody else's request.
 *
 * @module
 */
import { log } from './diag.js'

/** Runs `fn` for its side effects; never throws. */
export function guard(what: string, fn: () => void): void {
  try {
    fn()
  } catch (err) {
    log.debug(`${what} failed`, err)
  }
}

/** Runs `fn` and returns its value, or `fallback` (logged) when it throws. */
export function guarded<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn()
  } catch (err) {
    log.debug(`${what} failed`, err)
    return fallback
  }
}
