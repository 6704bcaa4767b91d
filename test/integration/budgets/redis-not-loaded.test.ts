import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/child-app.js'

// `import 'llmeter'` (and starting with budgets in a file store) must not load a Redis client:
// the Redis store lives in `llmeter/redis` and is imported only for a redis:// store.
const PROBE = `
import { registerHooks } from 'node:module'
const urls = []
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); urls.push(r.url); return r } })
const { start, shutdown } = await import('llmeter')
await start({ exporters: ['none'], budgets: [{ name: 'm', limitUsd: 1, window: 'month' }], budgetStore: process.env.STORE })
await shutdown()
process.stdout.write(JSON.stringify(urls.map((u) => u.replace(/^.*?\\/(node_modules|dist)\\//, '$1/')).filter((u) => /redis/.test(u))))
`

function redisModulesLoaded(store: string): string[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', STORE: store },
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`probe failed (${run.status}):\n${run.stderr}`)
  return JSON.parse(run.stdout) as string[]
}

describe('the Redis store is loaded on demand', () => {
  it('is not loaded by the core, with a file store', () => {
    expect(redisModulesLoaded(join(tmpdir(), 'llmeter-probe-spend.json'))).toEqual([])
  })

  it('is loaded for a redis:// store', () => {
    const loaded = redisModulesLoaded('redis://127.0.0.1:1')
    expect(loaded.slice(0, 2)).toEqual(['dist/budgets/redis/index.js', 'dist/budgets/redis/redis-store.js'])
    expect(loaded).toContain('node_modules/redis/dist/index.js')
  })
})
