/**
 * What a client folder offers `instrument()`: how to recognise one of its client instances and
 * how to patch that one instance.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'

export interface ExplicitClient {
  /** The package, as named in diagnostics. */
  readonly name: string
  /** True when `client` is an instance of this package's client. */
  matches(client: unknown): boolean
  /** Patches the instance's methods in place; calls record into `recorder()`. */
  patch(client: unknown, recorder: RecorderSource): void
}
