/**
 * A spend store in Redis, for a fleet of replicas sharing budgets: `INCRBYFLOAT` adds atomically
 * on the server and returns the fleet-wide total, `EXPIRE` lets old windows age out, `GET` loads.
 * Talks RESP over `node:net` itself (see redis-connection.ts): no new dependency.
 *
 * @module
 */
import { parseRedisUrl, RedisConnection, type RedisTarget } from './redis-connection.js'
import { RespError, type RespValue } from './resp.js'
import type { SpendStore } from './types.js'

export interface RedisSpendStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]`. Default `redis://127.0.0.1:6379`. */
  url?: string
  /** Prefix of every key. Default `llmeter:`. */
  keyPrefix?: string
  /** Expiry set on each write. Default 40 days (a monthly window plus margin). */
  ttlSeconds?: number
  /** A command without a reply in this time fails. Default 2000 ms. */
  commandTimeoutMillis?: number
}

function toNumber(reply: RespValue | undefined, command: string): number {
  if (reply instanceof RespError) throw new Error(`Redis ${command} failed: ${reply.message}`)
  if (reply === null || reply === undefined) return 0
  const n = typeof reply === 'number' ? reply : Number(reply)
  if (!Number.isFinite(n)) throw new Error(`Redis ${command} returned a non-number`)
  return n
}

export class RedisSpendStore implements SpendStore {
  private readonly connection: RedisConnection
  private readonly prefix: string
  private readonly ttl: string

  /**
   * Throws only for a malformed `url` (the caller validates config before building one).
   *
   * @example
   * const store = new RedisSpendStore({ url: process.env.LLMETER_REDIS_URL })
   */
  constructor(options: RedisSpendStoreOptions = {}) {
    const target: RedisTarget = parseRedisUrl(options.url ?? 'redis://127.0.0.1:6379')
    this.connection = new RedisConnection(target, options.commandTimeoutMillis ?? 2000)
    this.prefix = options.keyPrefix ?? 'llmeter:'
    this.ttl = String(Math.max(1, Math.round(options.ttlSeconds ?? 40 * 86_400)))
  }

  async load(key: string): Promise<number> {
    const [reply] = await this.connection.send([['GET', this.prefix + key]])
    return toNumber(reply, 'GET')
  }

  async add(key: string, usd: number): Promise<number> {
    if (!Number.isFinite(usd)) throw new Error('spend must be a finite number')
    const k = this.prefix + key
    const [total, expire] = await this.connection.send([
      ['INCRBYFLOAT', k, String(usd)],
      ['EXPIRE', k, this.ttl],
    ])
    if (expire instanceof RespError) throw new Error(`Redis EXPIRE failed: ${expire.message}`)
    return toNumber(total, 'INCRBYFLOAT')
  }

  close(): Promise<void> {
    return this.connection.close()
  }
}
