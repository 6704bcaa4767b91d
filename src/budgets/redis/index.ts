/**
 * `llmeter/redis`: the Redis spend store, for budgets shared by a fleet of replicas. A subpath of
 * its own so that `import 'llmeter'` never loads a Redis client; it needs the `redis` package
 * (`npm install redis`). `LLMETER_BUDGET_STORE=redis://…` loads it on demand.
 *
 * @example
 * import { createCluster } from 'redis'
 * import { start } from 'llmeter'
 * import { RedisSpendStore } from 'llmeter/redis'
 * const cluster = createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:7000' }] })
 * await cluster.connect()
 * await start({ budgets, budgetStore: new RedisSpendStore({ client: cluster }) })
 *
 * @module
 */
export { type RedisSpendClient, RedisSpendStore, type RedisSpendStoreOptions } from './redis-store.js'
