/**
 * A spend store in Redis, for a fleet of replicas sharing budgets, on the maintained `redis`
 * package (node-redis): `INCRBYFLOAT` adds atomically on the server and returns the fleet-wide
 * total, `EXPIRE` lets old windows age out, `GET` loads. TLS (`rediss://`), ACL users and
 * database numbers come from the URL; Sentinel and Cluster come in as the user's own client.
 *
 * @module
 */
import { ConnectionTimeoutError, createClient } from 'redis'
import { log } from '../../internal/diag.js'
import type { SpendStore } from '../types.js'

/**
 * The three commands the store sends. A node-redis client, `createSentinel()` and
 * `createCluster()` objects all have them (a spend key lives on one node, so Cluster works).
 */
export interface RedisSpendClient {
  get(key: string): Promise<unknown>
  incrByFloat(key: string, increment: number): Promise<unknown>
  expire(key: string, seconds: number): Promise<unknown>
}

export interface RedisSpendStoreOptions {
  /**
   * `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Default
   * `redis://127.0.0.1:6379`. Ignored when `client` is given.
   */
  url?: string
  /**
   * Your own connected node-redis client (`createClient`, `createSentinel`, `createCluster`):
   * the store sends its commands through it and never connects or closes it.
   */
  client?: RedisSpendClient
  /** Prefix of every key. Default `llmeter:`. */
  keyPrefix?: string
  /** Expiry set on each write. Default 40 days (a monthly window plus margin). */
  ttlSeconds?: number
  /** Connecting, or a command, that takes longer than this fails. Default 2000 ms. */
  commandTimeoutMillis?: number
}

function newClient(url: string, timeoutMillis: number) {
  return createClient({
    url,
    // No reconnect loop (its timers would hold the host process open while Redis is down):
    // a dead connection is replaced on the next command instead.
    socket: { connectTimeout: timeoutMillis, reconnectStrategy: false },
    // Commands fail at once while disconnected rather than waiting in a queue.
    disableOfflineQueue: true,
  })
}

type OwnClient = ReturnType<typeof newClient>

function toNumber(reply: unknown, command: string): number {
  if (reply === null || reply === undefined) return 0
  const n = typeof reply === 'number' ? reply : Number(String(reply))
  if (!Number.isFinite(n)) throw new Error(`Redis ${command} returned a non-number`)
  return n
}

export class RedisSpendStore implements SpendStore {
  private readonly given: RedisSpendClient | undefined
  private readonly url: string
  private readonly prefix: string
  private readonly ttl: number
  private readonly timeoutMillis: number
  /** The client this store created (connected or connecting); replaced once it has died. */
  private own: Promise<OwnClient> | undefined
  private connected: OwnClient | undefined
  private closed = false

  /**
   * Connects lazily, on the first command (or {@link RedisSpendStore.connect}).
   *
   * @example
   * import { start } from 'llmeter'
   * import { RedisSpendStore } from 'llmeter/redis'
   * await start({ budgets, budgetStore: new RedisSpendStore({ url: 'rediss://llmeter:s3cret@redis.internal:6380' }) })
   */
  constructor(options: RedisSpendStoreOptions = {}) {
    this.given = options.client
    this.url = options.url ?? 'redis://127.0.0.1:6379'
    this.prefix = options.keyPrefix ?? 'llmeter:'
    this.ttl = Math.max(1, Math.round(options.ttlSeconds ?? 40 * 86_400))
    this.timeoutMillis = options.commandTimeoutMillis ?? 2000
  }

  /**
   * Opens the connection now (a no-op with your own client). Rejects with the reason when the
   * server cannot be reached, the TLS handshake fails or the credentials are refused.
   */
  async connect(): Promise<void> {
    if (!this.given) await this.ownClient()
  }

  async load(key: string): Promise<number> {
    const client = await this.client()
    return toNumber(await this.bounded(client.get(this.prefix + key), 'GET'), 'GET')
  }

  async add(key: string, usd: number): Promise<number> {
    if (!Number.isFinite(usd)) throw new Error('spend must be a finite number')
    const client = await this.client()
    const k = this.prefix + key
    // Issued in the same tick, so node-redis pipelines them on one connection, in order.
    const total = this.bounded(client.incrByFloat(k, usd), 'INCRBYFLOAT')
    const expire = client.expire(k, this.ttl)
    // The increment happened whatever EXPIRE says: failing the add would make the manager add
    // the same spend again.
    expire.catch((err: unknown) => log.debug('Redis EXPIRE failed', err))
    return toNumber(await total, 'INCRBYFLOAT')
  }

  /** Closes the connection this store opened; a client you passed in stays open. */
  async close(): Promise<void> {
    this.closed = true
    const own = this.own
    this.own = undefined
    this.connected = undefined
    if (!own) return
    const client = await own.catch(() => undefined)
    if (client?.isOpen) await client.close().catch(() => client.destroy())
  }

  private client(): Promise<RedisSpendClient> {
    return this.given ? Promise.resolve(this.given) : this.ownClient()
  }

  private ownClient(): Promise<OwnClient> {
    if (this.closed) return Promise.reject(new Error('the Redis spend store is closed'))
    if (this.connected && !this.connected.isOpen) {
      // The connection dropped (reconnecting is off): start a fresh one.
      this.connected.destroy()
      this.connected = undefined
      this.own = undefined
    }
    if (this.own) return this.own
    const client = newClient(this.url, this.timeoutMillis)
    client.on('error', (err: unknown) => log.debug('Redis spend store connection error', err))
    // The idle connection never keeps the host alive; a pending command does, through its timer.
    client.unref()
    // node-redis bounds the socket and TLS handshake; this bounds the whole setup (HELLO, AUTH).
    const opening = this.bounded(client.connect(), 'connect', 2 * this.timeoutMillis).then(
      () => {
        if (this.own === opening) this.connected = client
        return client
      },
      (err: unknown) => {
        if (this.own === opening) this.own = undefined
        client.destroy()
        if (err instanceof ConnectionTimeoutError) {
          const handshake = this.url.startsWith('rediss:') ? ' and TLS handshake' : ''
          throw new Error(`connection${handshake} not completed within ${this.timeoutMillis} ms`)
        }
        throw err
      },
    )
    this.own = opening
    return opening
  }

  /** Fails `work` after the timeout; the timer keeps the process alive while the reply is due. */
  private bounded<T>(work: Promise<T>, what: string, ms = this.timeoutMillis): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis ${what} got no reply within ${ms} ms`)), ms)
      work.then(
        (value) => {
          clearTimeout(timer)
          resolve(value)
        },
        (err: unknown) => {
          clearTimeout(timer)
          reject(err)
        },
      )
    })
  }
}
