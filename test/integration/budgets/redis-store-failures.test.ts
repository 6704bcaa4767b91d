import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BudgetManager } from '../../../src/budgets/budget-manager.js'
import { openSpendStore } from '../../../src/budgets/open-store.js'
import type { BudgetConfig } from '../../../src/budgets/types.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { freePort, type RedisServer, startRedisServer } from './redis-server.js'
import { makeSelfSignedCert } from './tls-cert.js'

// A Redis store that cannot be used (unreachable, TLS refused, bad credentials) must cost one
// warning and leave budgets counting in memory, as LLMETER_BUDGET_STORE=redis(s)://… does.
const budgets: BudgetConfig[] = [{ name: 'monthly', limitUsd: 5, window: 'month', enforce: true }]
const now = () => new Date('2025-05-10T12:00:00Z')
const SUFFIX = '; budgets keep spend in memory for this process'

let plain: RedisServer
let secured: RedisServer
let tlsServer: RedisServer
let setupError: unknown
let capture: DiagCapture | undefined
const managers: BudgetManager[] = []

beforeAll(async () => {
  try {
    plain = await startRedisServer()
    secured = await startRedisServer({ args: ['--requirepass', 'right'] })
    tlsServer = await startRedisServer({ tls: makeSelfSignedCert() })
  } catch (err) {
    setupError = err
  }
})

afterEach(async () => {
  for (const m of managers.splice(0)) await m.shutdown()
  capture?.stop()
  capture = undefined
})

afterAll(async () => {
  await Promise.all([plain?.stop(), secured?.stop(), tlsServer?.stop()])
})

/** Opens the store from `url`, spends 3 + 2.5 USD, and returns the warnings and figures. */
async function spendWith(url: string) {
  if (setupError) throw setupError
  capture = captureDiag()
  const manager = new BudgetManager(budgets, openSpendStore(url), { now, refreshIntervalMillis: 0 })
  managers.push(manager)
  await manager.ready()
  manager.add(3, {})
  manager.add(2.5, {})
  await manager.flush()
  await manager.refresh()
  return {
    warnings: capture.warnings(),
    spend: manager.snapshot()[0]?.spendUsd,
    exhausted: manager.exhausted({}).map((b) => [b.name, b.spendUsd, b.enforced]),
  }
}

describe('a Redis spend store that cannot be used', () => {
  it('rediss:// to a closed port: one warning, budgets in memory', async () => {
    const port = await freePort()
    const result = await spendWith(`rediss://127.0.0.1:${port}`)
    expect(result.warnings).toEqual([
      `llmeter budget spend store rediss://127.0.0.1:${port} is unavailable (connect ECONNREFUSED 127.0.0.1:${port})${SUFFIX}`,
    ])
    expect(result.spend).toBe(5.5)
    expect(result.exhausted).toEqual([['monthly', 5.5, true]])
  })

  it('an unknown host: one warning, budgets in memory', async () => {
    const result = await spendWith('redis://llmeter-no-such-host.invalid:6379')
    expect(result.warnings).toEqual([
      `llmeter budget spend store redis://llmeter-no-such-host.invalid:6379 is unavailable (getaddrinfo ENOTFOUND llmeter-no-such-host.invalid)${SUFFIX}`,
    ])
    expect(result.spend).toBe(5.5)
  })

  it('rediss:// to a server whose certificate is not trusted: one warning, budgets in memory', async () => {
    const result = await spendWith(`rediss://127.0.0.1:${tlsServer.port}`)
    // Node adds a hint after the reason (its wording changes between versions).
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatch(
      new RegExp(
        `^llmeter budget spend store rediss://127\\.0\\.0\\.1:${tlsServer.port} is unavailable \\(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate[^)]*\\)${SUFFIX}$`,
      ),
    )
    expect(result.spend).toBe(5.5)
  })

  it('rediss:// to a server without TLS: one warning, budgets in memory', async () => {
    const result = await spendWith(`rediss://127.0.0.1:${plain.port}`)
    expect(result.warnings).toEqual([
      `llmeter budget spend store rediss://127.0.0.1:${plain.port} is unavailable (connection and TLS handshake not completed within 2000 ms)${SUFFIX}`,
    ])
    expect(result.spend).toBe(5.5)
  })

  it('a refused password: one warning without the password, budgets in memory', async () => {
    const result = await spendWith(`redis://llmeter:wrong@127.0.0.1:${secured.port}`)
    expect(result.warnings).toEqual([
      `llmeter budget spend store redis://llmeter:***@127.0.0.1:${secured.port} is unavailable (WRONGPASS invalid username-password pair or user is disabled.)${SUFFIX}`,
    ])
    expect(result.spend).toBe(5.5)
  })
})
