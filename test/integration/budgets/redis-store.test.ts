import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BudgetConfig, BudgetManager, RedisSpendStore } from '../../../src/budgets/index.js'
import { RedisConnection } from '../../../src/budgets/redis-connection.js'
import { type RedisServer, startRedisServer } from './redis-server.js'

let redis: RedisServer
let setupError: unknown
const stores: RedisSpendStore[] = []

/** Fails (never skips) each test when there is no redis-server to test against. */
function needRedis(): void {
  if (setupError) throw setupError
}

function store(options: ConstructorParameters<typeof RedisSpendStore>[0] = {}): RedisSpendStore {
  const s = new RedisSpendStore({ url: `redis://127.0.0.1:${redis.port}`, ...options })
  stores.push(s)
  return s
}

beforeAll(async () => {
  try {
    redis = await startRedisServer()
  } catch (err) {
    setupError = err
  }
})

afterAll(async () => {
  for (const s of stores) await s.close()
  await redis?.stop()
})

describe('Redis spend store against a real redis-server', () => {
  it('adds with INCRBYFLOAT, returns the total, loads it back, and sets an expiry', async () => {
    needRedis()
    const s = store({ keyPrefix: 'test1:', ttlSeconds: 3600 })
    expect(await s.load('k')).toBe(0)
    expect(await s.add('k', 1.25)).toBe(1.25)
    expect(await s.add('k', 0.5)).toBe(1.75)
    expect(await s.load('k')).toBe(1.75)
    const raw = new RedisConnection({ host: '127.0.0.1', port: redis.port }, 2000)
    const [ttl, value] = await raw.send([
      ['TTL', 'test1:k'],
      ['GET', 'test1:k'],
    ])
    await raw.close()
    expect(ttl).toBeGreaterThan(3500)
    expect(ttl).toBeLessThanOrEqual(3600)
    expect(value).toBe('1.75')
  })

  it('keeps an exact total when replicas add concurrently', async () => {
    needRedis()
    const replicas = [
      store({ keyPrefix: 'test2:' }),
      store({ keyPrefix: 'test2:' }),
      store({ keyPrefix: 'test2:' }),
    ]
    await Promise.all(replicas.flatMap((r) => Array.from({ length: 50 }, () => r.add('k', 0.25))))
    expect(await replicas[0]!.load('k')).toBe(37.5)
  })

  it('shares budget spend between managers and keeps it across a restart', async () => {
    needRedis()
    const budgets: BudgetConfig[] = [{ name: 'fleet', limitUsd: 10, window: 'month', enforce: true }]
    const now = () => new Date('2025-05-10T12:00:00Z')
    const a = new BudgetManager(budgets, store({ keyPrefix: 'test3:' }), { now, refreshIntervalMillis: 0 })
    const b = new BudgetManager(budgets, store({ keyPrefix: 'test3:' }), { now, refreshIntervalMillis: 0 })
    await Promise.all([a.ready(), b.ready()])
    a.add(4, {})
    b.add(6.5, {})
    await Promise.all([a.flush(), b.flush()])
    await a.refresh()
    expect(a.exhausted({})[0]).toMatchObject({ name: 'fleet', spendUsd: 10.5, enforced: true })
    await a.shutdown()
    await b.shutdown()
    const c = new BudgetManager(budgets, store({ keyPrefix: 'test3:' }), { now, refreshIntervalMillis: 0 })
    await c.ready()
    expect(c.snapshot()[0]?.spendUsd).toBe(10.5)
    await c.shutdown()
  })

  it('fails calls, without throwing synchronously, while the server is down, and reconnects after', async () => {
    needRedis()
    const own = await startRedisServer()
    const s = new RedisSpendStore({ url: `redis://127.0.0.1:${own.port}`, keyPrefix: 'test4:' })
    expect(await s.add('k', 1)).toBe(1)
    await own.stop()
    await expect(s.add('k', 1)).rejects.toThrow(
      /ECONNREFUSED|closed|ECONNRESET|EPIPE|ended by the other party/,
    )
    const again = await startRedisServer({ port: own.port })
    // The new server starts empty (no persistence): the store reconnects and adds from zero.
    expect(await s.add('k', 2)).toBe(2)
    await s.close()
    await again.stop()
  })

  it('authenticates with the password in the URL and reports a refusal', async () => {
    needRedis()
    const secured = await startRedisServer({ args: ['--requirepass', 'pa ss'] })
    const good = new RedisSpendStore({ url: `redis://:pa%20ss@127.0.0.1:${secured.port}/1` })
    expect(await good.add('k', 3)).toBe(3)
    const bad = new RedisSpendStore({ url: `redis://:wrong@127.0.0.1:${secured.port}` })
    await expect(bad.add('k', 1)).rejects.toThrow(/refused the connection setup|NOAUTH|WRONGPASS/)
    await good.close()
    await bad.close()
    await secured.stop()
  })
})
