import { readFileSync } from 'node:fs'
import { createClient, type createCluster, type createSentinel } from 'redis'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { BudgetManager } from '../../../src/budgets/budget-manager.js'
import { type RedisSpendClient, RedisSpendStore } from '../../../src/budgets/redis/index.js'
import type { BudgetConfig } from '../../../src/budgets/types.js'
import { type RedisServer, startRedisServer } from './redis-server.js'
import { makeSelfSignedCert } from './tls-cert.js'

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

async function rawClient(port: number) {
  const client = createClient({ url: `redis://127.0.0.1:${port}` })
  client.on('error', () => undefined)
  await client.connect()
  return client
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
    const raw = await rawClient(redis.port)
    const [ttl, value] = await Promise.all([raw.ttl('test1:k'), raw.get('test1:k')])
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

  it('shares budget spend between managers, by window, and keeps it across a restart', async () => {
    needRedis()
    const budgets: BudgetConfig[] = [
      { name: 'fleet', limitUsd: 10, window: 'month', enforce: true },
      { name: 'daily', limitUsd: 100, window: 'day', timeZone: 'Europe/Paris' },
    ]
    const now = () => new Date('2025-05-10T12:00:00Z')
    const a = new BudgetManager(budgets, store({ keyPrefix: 'test3:' }), { now, refreshIntervalMillis: 0 })
    const b = new BudgetManager(budgets, store({ keyPrefix: 'test3:' }), { now, refreshIntervalMillis: 0 })
    await Promise.all([a.ready(), b.ready()])
    a.add(4, {})
    b.add(6.5, {})
    await Promise.all([a.flush(), b.flush()])
    await a.refresh()
    expect(a.exhausted({})).toMatchObject([{ name: 'fleet', spendUsd: 10.5, enforced: true }])
    await a.shutdown()
    await b.shutdown()
    const raw = await rawClient(redis.port)
    expect((await raw.keys('test3:*')).sort()).toEqual([
      'test3:budget:daily:day:Europe/Paris:2025-05-10',
      'test3:budget:fleet:month:UTC:2025-05',
    ])
    await raw.close()
    const c = new BudgetManager(budgets, store({ keyPrefix: 'test3:' }), { now, refreshIntervalMillis: 0 })
    await c.ready()
    expect(c.snapshot().map((s) => [s.budget.name, s.spendUsd])).toEqual([
      ['fleet', 10.5],
      ['daily', 10.5],
    ])
    await c.shutdown()
  })

  it("sends its commands through the user's client and never closes it", async () => {
    needRedis()
    const client = await rawClient(redis.port)
    const s = new RedisSpendStore({ client, keyPrefix: 'test4:' })
    await s.connect()
    expect(await s.add('k', 2.5)).toBe(2.5)
    expect(await s.load('k')).toBe(2.5)
    await s.close()
    expect(client.isOpen).toBe(true)
    expect(await client.get('test4:k')).toBe('2.5')
    await client.close()
    // Sentinel and Cluster objects fit the same option (checked by the compiler).
    expectTypeOf<ReturnType<typeof createSentinel>>().toExtend<RedisSpendClient>()
    expectTypeOf<ReturnType<typeof createCluster>>().toExtend<RedisSpendClient>()
  })

  it('fails calls, without throwing synchronously, while the server is down, and reconnects after', async () => {
    needRedis()
    const own = await startRedisServer()
    const s = store({ url: `redis://127.0.0.1:${own.port}`, keyPrefix: 'test5:' })
    expect(await s.add('k', 1)).toBe(1)
    await own.stop()
    await expect(s.add('k', 1)).rejects.toThrow(/ECONNREFUSED|closed|ECONNRESET|EPIPE|disconnected/i)
    const again = await startRedisServer({ port: own.port })
    // The new server starts empty (no persistence): the store reconnects and adds from zero.
    expect(await s.add('k', 2)).toBe(2)
    await s.close()
    await again.stop()
  })

  it('logs in as the ACL user in the URL and reports a refusal', async () => {
    needRedis()
    const secured = await startRedisServer({ args: ['--requirepass', 'pa ss'] })
    const admin = createClient({ url: `redis://:pa%20ss@127.0.0.1:${secured.port}` })
    await admin.connect()
    // An ACL user limited to llmeter's keys (the default prefix).
    expect(await admin.aclSetUser('meter', ['on', '>m3ter', '~llmeter:*', '+@all'])).toBe('OK')
    await admin.close()
    const asDefault = store({ url: `redis://:pa%20ss@127.0.0.1:${secured.port}/1` })
    expect(await asDefault.add('k', 3)).toBe(3)
    const asUser = store({ url: `redis://meter:m3ter@127.0.0.1:${secured.port}` })
    expect(await asUser.add('k', 4)).toBe(4)
    const bad = store({ url: `redis://meter:wrong@127.0.0.1:${secured.port}` })
    await expect(bad.add('k', 1)).rejects.toThrow(/WRONGPASS/)
    await secured.stop()
  })

  it('talks TLS to a rediss:// server it trusts, through its own client', async () => {
    needRedis()
    const tls = makeSelfSignedCert()
    const secure = await startRedisServer({ tls })
    const client = createClient({
      url: `rediss://127.0.0.1:${secure.port}`,
      socket: { tls: true, ca: readFileSync(tls.cert) },
    })
    client.on('error', () => undefined)
    await client.connect()
    const s = new RedisSpendStore({ client, keyPrefix: 'test7:' })
    expect(await s.add('k', 0.75)).toBe(0.75)
    expect(await s.load('k')).toBe(0.75)
    await client.close()
    await secure.stop()
  })
})
