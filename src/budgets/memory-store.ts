/**
 * A spend store in process memory: no persistence. For tests, and for apps that want budgets
 * without any file (spend then restarts from zero with the process).
 *
 * @module
 */
import type { SpendStore } from './types.js'

export class MemorySpendStore implements SpendStore {
  readonly data = new Map<string, number>()

  async load(key: string): Promise<number> {
    return this.data.get(key) ?? 0
  }

  async add(key: string, usd: number): Promise<number> {
    const total = (this.data.get(key) ?? 0) + usd
    this.data.set(key, total)
    return total
  }

  async close(): Promise<void> {}
}
