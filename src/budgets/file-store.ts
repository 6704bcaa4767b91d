/**
 * The default spend store: one JSON file on local disk, safe for several processes on one host.
 *
 * - Writes are atomic: the new content goes to a temp file in the same directory, is fsync'ed, and
 *   renamed over the old file, so a reader (or a crash at any instant) sees the old file or the new
 *   one, never a torn one.
 * - Read-modify-write runs under a lock file (see file-lock.ts): processes on one host never lose
 *   each other's updates. Within a process, operations on one path run one at a time.
 * - Reads take no lock (the rename makes them consistent).
 * - Entries not written for `retainMillis` (default 62 days) are pruned on write.
 * - Temp files of writers killed mid-write are removed by the next store to write (and whenever a
 *   dead writer's lock is broken).
 *
 * File format: `{ "version": 1, "spend": { "<key>": { "usd": 1.25, "updated": "<ISO time>" } } }`.
 * Uses erasable TypeScript only (a child process in the tests loads it through type stripping).
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { log } from '../internal/diag.js'
import { removeDeadWritersTemps, withFileLock } from './file-lock.js'
import type { SpendStore } from './types.js'

export interface FileSpendStoreOptions {
  /** The JSON file. Its directory is created when missing. */
  path: string
  /** A lock older than this is taken over even if its holder looks alive. Default 10000 ms. */
  staleLockMillis?: number
  /** Give up a write after waiting this long for the lock. Default 5000 ms. */
  lockTimeoutMillis?: number
  /** Drop entries not written for this long. Default 62 days. */
  retainMillis?: number
}

interface SpendFile {
  version: 1
  spend: Record<string, { usd: number; updated: string }>
}

/** One chain per file for the whole process, so two stores on one file never contend for its lock. */
const chains = new Map<string, Promise<unknown>>()

function emptyFile(): SpendFile {
  return { version: 1, spend: {} }
}

/** Largest spend a window may hold; past it the file is taken as damaged (no real budget gets near). */
const MAX_USD = 1e12

/**
 * True when every entry is `{ usd: finite number in [0, MAX_USD], updated: string }`. A string would
 * concatenate on the next add, `1e999` is infinite, a negative number or an array is no spend.
 */
function isSpendTable(spend: unknown): spend is SpendFile['spend'] {
  if (!spend || typeof spend !== 'object' || Array.isArray(spend)) return false
  for (const entry of Object.values(spend)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false
    const { usd, updated } = entry as { usd?: unknown; updated?: unknown }
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0 || usd > MAX_USD) return false
    if (typeof updated !== 'string') return false
  }
  return true
}

function parse(text: string): SpendFile | undefined {
  try {
    const data = JSON.parse(text) as SpendFile
    if (data && typeof data === 'object' && isSpendTable(data.spend)) return data
  } catch {
    // fall through
  }
  return undefined
}

export class FileSpendStore implements SpendStore {
  readonly path: string
  private readonly staleLockMillis: number
  private readonly lockTimeoutMillis: number
  private readonly retainMillis: number
  private tidied = false

  /**
   * @example
   * const store = new FileSpendStore({ path: '.llmeter/spend.json' })
   */
  constructor(options: FileSpendStoreOptions) {
    this.path = resolve(options.path)
    this.staleLockMillis = options.staleLockMillis ?? 10_000
    this.lockTimeoutMillis = options.lockTimeoutMillis ?? 5_000
    this.retainMillis = options.retainMillis ?? 62 * 86_400_000
  }

  async load(key: string): Promise<number> {
    const data = await this.read()
    return data.spend[key]?.usd ?? 0
  }

  add(key: string, usd: number): Promise<number> {
    return this.serially(async () => {
      await mkdir(dirname(this.path), { recursive: true })
      return withFileLock(
        this.path,
        async () => {
          if (!this.tidied) {
            this.tidied = true
            await removeDeadWritersTemps(this.path)
          }
          const data = await this.read()
          const entry = data.spend[key]
          const total = (entry?.usd ?? 0) + usd
          data.spend[key] = { usd: total, updated: new Date().toISOString() }
          this.prune(data)
          await this.write(data)
          return total
        },
        { staleMillis: this.staleLockMillis, timeoutMillis: this.lockTimeoutMillis },
      )
    })
  }

  async close(): Promise<void> {
    await chains.get(this.path)?.catch(() => undefined)
  }

  private serially<T>(op: () => Promise<T>): Promise<T> {
    const previous = chains.get(this.path) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(op)
    chains.set(this.path, next)
    void next
      .finally(() => {
        if (chains.get(this.path) === next) chains.delete(this.path)
      })
      .catch(() => undefined)
    return next
  }

  private async read(): Promise<SpendFile> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile()
      throw err
    }
    const data = parse(text)
    if (data) return data
    // Only an outside edit can do this (we never write in place): keep the evidence, start over.
    const aside = `${this.path}.corrupt-${Date.now()}`
    await rename(this.path, aside).catch(() => undefined)
    log.warn(
      `spend file ${this.path} was not a valid spend file (bad JSON or a bad value); moved it to ${aside} and started from zero`,
    )
    return emptyFile()
  }

  private prune(data: SpendFile): void {
    const oldest = Date.now() - this.retainMillis
    for (const [key, entry] of Object.entries(data.spend)) {
      if (!(Date.parse(entry.updated) >= oldest)) delete data.spend[key]
    }
  }

  private async write(data: SpendFile): Promise<void> {
    const temp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    const handle = await open(temp, 'wx')
    try {
      await handle.writeFile(`${JSON.stringify(data)}\n`)
      await handle.sync()
    } catch (err) {
      await handle.close().catch(() => undefined)
      await unlink(temp).catch(() => undefined)
      throw err
    }
    await handle.close()
    await rename(temp, this.path)
  }
}
