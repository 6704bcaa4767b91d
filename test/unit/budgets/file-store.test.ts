import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSpendStore } from '../../../src/budgets/file-store.js'
import { captureDiag } from '../../support/diag-capture.js'

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'llmeter-store-'))
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  })
  return Number(child.stdout)
}

describe('file spend store', () => {
  it('adds and loads per key, creating the directory, and leaves only the data file', async () => {
    const dir = freshDir()
    const file = join(dir, 'nested', 'spend.json')
    const store = new FileSpendStore({ path: file })
    expect(await store.load('a')).toBe(0)
    expect(await store.add('a', 1.5)).toBe(1.5)
    expect(await store.add('a', 2)).toBe(3.5)
    expect(await store.add('b', 0.25)).toBe(0.25)
    expect(await new FileSpendStore({ path: file }).load('a')).toBe(3.5)
    expect(readdirSync(join(dir, 'nested'))).toEqual(['spend.json'])
    const data = JSON.parse(readFileSync(file, 'utf8'))
    expect(data.version).toBe(1)
    expect(Object.keys(data.spend)).toEqual(['a', 'b'])
  })

  it('serializes concurrent adds from one process', async () => {
    const store = new FileSpendStore({ path: join(freshDir(), 'spend.json') })
    const other = new FileSpendStore({ path: store.path })
    const totals = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).add('k', 0.5)),
    )
    expect([...totals].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) * 0.5))
  })

  it('takes over a lock left by a dead process on this host', async () => {
    const dir = freshDir()
    const file = join(dir, 'spend.json')
    writeFileSync(`${file}.lock`, `${deadPid()} ${hostname()} deadbeef 2025-01-01T00:00:00Z`)
    const store = new FileSpendStore({ path: file, lockTimeoutMillis: 60_000 })
    expect(await store.add('k', 1)).toBe(1)
    expect(readdirSync(dir)).toEqual(['spend.json'])
  })

  it('takes over a lock with its own pid from a previous run (containers reuse pids)', async () => {
    const file = join(freshDir(), 'spend.json')
    writeFileSync(`${file}.lock`, `${process.pid} ${hostname()} previousrun 2025-01-01T00:00:00Z`)
    expect(await new FileSpendStore({ path: file, lockTimeoutMillis: 60_000 }).add('k', 1)).toBe(1)
  })

  it('respects a fresh lock from another host and gives up after the lock timeout', async () => {
    const file = join(freshDir(), 'spend.json')
    writeFileSync(`${file}.lock`, `1 other-host cafe 2025-01-01T00:00:00Z`)
    const store = new FileSpendStore({ path: file, lockTimeoutMillis: 30, staleLockMillis: 600_000 })
    await expect(store.add('k', 1)).rejects.toThrow(
      /timed out after 30 ms waiting for the lock .*held by pid 1 on other-host/,
    )
    expect(await store.load('k')).toBe(0)
  })

  it('breaks a lock older than the stale age even from another host', async () => {
    const file = join(freshDir(), 'spend.json')
    writeFileSync(`${file}.lock`, `1 other-host cafe 2025-01-01T00:00:00Z`)
    const hourAgo = new Date(Date.now() - 3_600_000)
    utimesSync(`${file}.lock`, hourAgo, hourAgo)
    expect(await new FileSpendStore({ path: file, staleLockMillis: 60_000 }).add('k', 2)).toBe(2)
  })

  it('removes temp files that killed writers left', async () => {
    const dir = freshDir()
    const file = join(dir, 'spend.json')
    const pid = deadPid()
    writeFileSync(`${file}.${pid}.abc123.tmp`, '{"version":1,"spe')
    writeFileSync(`${file}.${pid}.def456.lock.tmp`, `${pid} host token`)
    await new FileSpendStore({ path: file }).add('k', 1)
    expect(readdirSync(dir)).toEqual(['spend.json'])
  })

  it('moves a file corrupted from outside aside with a warning and starts over', async () => {
    const capture = captureDiag()
    const dir = freshDir()
    const file = join(dir, 'spend.json')
    writeFileSync(file, 'not json')
    expect(await new FileSpendStore({ path: file }).add('k', 1)).toBe(1)
    expect(readdirSync(dir).filter((n) => n.startsWith('spend.json.corrupt-'))).toHaveLength(1)
    expect(capture.warnings('was not a valid spend file')).toHaveLength(1)
    capture.stop()
  })

  it('prunes entries not written within the retention period', async () => {
    const file = join(freshDir(), 'spend.json')
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString()
    writeFileSync(file, JSON.stringify({ version: 1, spend: { old: { usd: 9, updated: old } } }))
    await new FileSpendStore({ path: file }).add('new', 1)
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).spend)).toEqual(['new'])
  })
})
