/**
 * A spend store that is still being opened (its module loaded on demand, its connection made).
 * Commands wait for it, so the manager's cached figures are all there is until then; if opening
 * fails, one warning says why and spend is kept in process memory from then on.
 *
 * @module
 */
import { log } from '../internal/diag.js'
import { MemorySpendStore } from './memory-store.js'
import type { SpendStore } from './types.js'

export class DeferredSpendStore implements SpendStore {
  /** Settles with the opened store, or with a memory store when opening failed. Never rejects. */
  readonly opened: Promise<SpendStore>

  /**
   * `open` runs at once; `describe(err)` is the warning logged when it fails.
   *
   * @example
   * const store = new DeferredSpendStore(
   *   async () => new (await import('./file-store.js')).FileSpendStore({ path }),
   *   (err) => `spend file ${path} cannot be used: ${String(err)}`,
   * )
   */
  constructor(open: () => Promise<SpendStore>, describe: (err: unknown) => string) {
    this.opened = Promise.resolve()
      .then(open)
      .catch((err: unknown) => {
        log.warn(describe(err))
        return new MemorySpendStore()
      })
  }

  async load(key: string): Promise<number> {
    return (await this.opened).load(key)
  }

  async add(key: string, usd: number): Promise<number> {
    return (await this.opened).add(key, usd)
  }

  async close(): Promise<void> {
    await (await this.opened).close()
  }
}
