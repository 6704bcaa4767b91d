/**
 * Turns the `budgetStore` setting into a store without loading any store code up front: a
 * `redis://` / `rediss://` URL loads `llmeter/redis` (and the `redis` package) on demand, a path
 * loads the file store on demand. A store that cannot be opened costs one warning; budgets then
 * keep spend in memory and nothing else changes.
 *
 * @module
 */
import { DeferredSpendStore } from './deferred-store.js'
import type { SpendStore } from './types.js'

type RedisModule = typeof import('./redis/index.js')
type FileModule = typeof import('./file-store.js')

/** How the modules are loaded; tests replace them to play a missing `redis` package. */
export interface StoreModules {
  redis(): Promise<RedisModule>
  file(): Promise<FileModule>
}

const defaultModules: StoreModules = {
  redis: () => import('./redis/index.js'),
  file: () => import('./file-store.js'),
}

/** True for the URL schemes the Redis store serves. */
export function isRedisUrl(spec: string): boolean {
  return spec.startsWith('redis://') || spec.startsWith('rediss://')
}

/**
 * The URL as it may be logged: the password replaced by `***`.
 *
 * @example
 * redactUrl('rediss://app:s3cret@redis.internal:6380') // 'rediss://app:***@redis.internal:6380'
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@')
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && /['"]redis['"]/.test(e.message ?? '')) {
    return 'the redis package is not installed (npm install redis)'
  }
  // AggregateError (several addresses refused) carries no message of its own.
  const inner = (err as { errors?: unknown[] } | undefined)?.errors?.[0]
  const message = e?.message || (inner as Error | undefined)?.message || String(err)
  return e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message
}

/**
 * The spend store for a `budgetStore` setting: a store object as given, otherwise a
 * {@link DeferredSpendStore} that opens the Redis or file store in the background.
 *
 * @example
 * const store = openSpendStore('rediss://app:s3cret@redis.internal:6380')
 */
export function openSpendStore(
  spec: SpendStore | string,
  modules: StoreModules = defaultModules,
): SpendStore {
  if (typeof spec !== 'string') return spec
  if (isRedisUrl(spec)) {
    return new DeferredSpendStore(
      async () => {
        const { RedisSpendStore } = await modules.redis()
        const store = new RedisSpendStore({ url: spec })
        try {
          await store.connect()
        } catch (err) {
          await store.close()
          throw err
        }
        return store
      },
      (err) =>
        `budget spend store ${redactUrl(spec)} is unavailable (${reason(err)}); budgets keep spend in memory for this process`,
    )
  }
  const path = spec.startsWith('file://') ? new URL(spec).pathname : spec
  return new DeferredSpendStore(
    async () => new (await modules.file()).FileSpendStore({ path }),
    (err) =>
      `budget spend file ${path} is unavailable (${reason(err)}); budgets keep spend in memory for this process`,
  )
}
