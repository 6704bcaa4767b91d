import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BudgetManager } from '../../../src/budgets/budget-manager.js'
import { MemorySpendStore } from '../../../src/budgets/memory-store.js'
import { isRedisUrl, openSpendStore, redactUrl, type StoreModules } from '../../../src/budgets/open-store.js'
import type { BudgetConfig } from '../../../src/budgets/types.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'

const budgets: BudgetConfig[] = [{ name: 'monthly', limitUsd: 5, window: 'month', enforce: true }]
const now = () => new Date('2025-05-10T12:00:00Z')
let capture: DiagCapture | undefined

afterEach(() => {
  capture?.stop()
  capture = undefined
})

/** The error Node gives for `import('redis')` when the package is not installed. */
function missingRedis(): Error {
  return Object.assign(
    new Error(
      "Cannot find package 'redis' imported from /app/node_modules/llmeter/dist/budgets/redis/redis-store.js",
    ),
    { code: 'ERR_MODULE_NOT_FOUND' },
  )
}

const withoutRedis: StoreModules = {
  redis: () => Promise.reject(missingRedis()),
  file: () => import('../../../src/budgets/file-store.js'),
}

describe('openSpendStore', () => {
  it('returns a store object as given', () => {
    const store = new MemorySpendStore()
    expect(openSpendStore(store)).toBe(store)
  })

  it('without the redis package: one warning naming the fix, and budgets count in memory', async () => {
    capture = captureDiag()
    const manager = new BudgetManager(budgets, openSpendStore('redis://:pw@10.0.0.5:6379', withoutRedis), {
      now,
      refreshIntervalMillis: 0,
    })
    await manager.ready()
    manager.add(4, {})
    manager.add(1.5, {})
    await manager.flush()
    await manager.refresh()
    expect(manager.exhausted({}).map((b) => [b.name, b.spendUsd, b.enforced])).toEqual([
      ['monthly', 5.5, true],
    ])
    await manager.shutdown()
    expect(capture.warnings()).toEqual([
      'llmeter budget spend store redis://:***@10.0.0.5:6379 is unavailable (the redis package is not installed (npm install redis)); budgets keep spend in memory for this process',
    ])
  })

  it('loads the file store on demand and keeps spend in the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llmeter-open-')), 'spend.json')
    const store = openSpendStore(`file://${file}`, withoutRedis)
    expect(await store.add('k', 1.25)).toBe(1.25)
    expect(await store.load('k')).toBe(1.25)
    await store.close()
    expect(JSON.parse(readFileSync(file, 'utf8')).spend.k.usd).toBe(1.25)
  })
})

describe('store URLs', () => {
  it('recognises redis:// and rediss:// only', () => {
    expect(['redis://h', 'rediss://h', 'file:///x', '/var/spend.json', 'http://h'].map(isRedisUrl)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ])
  })

  it('hides the password, keeps the ACL user', () => {
    expect(redactUrl('rediss://app:s3cr%40t@redis.internal:6380/2')).toBe(
      'rediss://app:***@redis.internal:6380/2',
    )
    expect(redactUrl('redis://:pw@h')).toBe('redis://:***@h')
    expect(redactUrl('redis://h:6379')).toBe('redis://h:6379')
  })
})
