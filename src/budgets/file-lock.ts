/**
 * A lock file for one host, created atomically with its content (temp file + hard link, which fails
 * if the lock exists: the O_EXCL of links), holding `pid host token time`. A lock whose
 * holder is gone (same host, pid not alive, or our own pid with another token: a previous run in a
 * container that reuses pids) or older than `staleMillis` is broken; breaking is itself guarded by a
 * second such file, and the lock is only removed if it still holds the stale content that was
 * judged, so two breakers can never remove a fresh lock. Loaded by a child process in the tests
 * through Node's type stripping, so it uses erasable TypeScript only.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { link, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'

export interface LockOptions {
  /** A lock older than this is broken even if its holder looks alive. */
  staleMillis: number
  /** Give up (reject) after waiting this long. */
  timeoutMillis: number
}

const HOST = hostname()

interface LockInfo {
  content: string
  pid: number
  host: string
  token: string
  ageMs: number
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const [content, st] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    const [pid, host, token] = content.split(' ')
    return { content, pid: Number(pid), host: host ?? '', token: token ?? '', ageMs: Date.now() - st.mtimeMs }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isStale(info: LockInfo, staleMillis: number): boolean {
  if (info.ageMs > staleMillis) return true
  if (info.host !== HOST) return false
  if (info.pid === process.pid) return true // our locks are serialized in-process; this one is a previous run's
  return !alive(info.pid)
}

/**
 * Creates `path` holding `content`, or returns false if it exists. The content is written to a temp
 * file first and hard-linked into place (link fails if the target exists), so a lock file is never
 * seen empty, even if its creator is killed halfway.
 */
async function createExclusive(path: string, dataPath: string, content: string): Promise<boolean> {
  const temp = `${dataPath}.${process.pid}.${randomBytes(6).toString('hex')}.lock.tmp`
  await writeFile(temp, content, { flag: 'wx' })
  try {
    await link(temp, path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  } finally {
    await removeIf(temp)
  }
}

async function removeIf(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err
  })
}

/**
 * Removes temp files that writers killed mid-write left beside `dataPath`
 * (`<name>.<pid>.<random>[.lock].tmp` whose pid is not alive on this host).
 *
 * @example
 * await removeDeadWritersTemps('/var/lib/app/spend.json')
 */
export async function removeDeadWritersTemps(dataPath: string): Promise<void> {
  const base = basename(dataPath)
  const dir = dirname(dataPath)
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue
    const pid = Number(name.slice(base.length + 1).split('.')[0])
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) await removeIf(join(dir, name))
  }
}

async function breakStale(
  lockPath: string,
  dataPath: string,
  judged: LockInfo,
  staleMillis: number,
): Promise<void> {
  const breaker = `${lockPath}.break`
  if (!(await createExclusive(breaker, dataPath, `${process.pid} ${HOST}`))) {
    const other = await readLock(breaker)
    if (other && other.ageMs > staleMillis) await removeIf(breaker)
    return
  }
  try {
    const now = await readLock(lockPath)
    if (now && now.content === judged.content) {
      await removeIf(lockPath)
      if (judged.host === HOST) await removeDeadWritersTemps(dataPath)
    }
  } finally {
    await removeIf(breaker)
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Runs `fn` holding the lock `<dataPath>.lock`.
 *
 * @example
 * const total = await withFileLock('/var/lib/app/spend.json', () => readModifyWrite(), { staleMillis: 10_000, timeoutMillis: 5_000 })
 */
export async function withFileLock<T>(
  dataPath: string,
  fn: () => Promise<T>,
  options: LockOptions,
): Promise<T> {
  const lockPath = `${dataPath}.lock`
  const token = randomBytes(8).toString('hex')
  const content = `${process.pid} ${HOST} ${token} ${new Date().toISOString()}`
  const started = Date.now()
  let wait = 1
  while (!(await createExclusive(lockPath, dataPath, content))) {
    const info = await readLock(lockPath)
    if (info === undefined) continue
    if (isStale(info, options.staleMillis)) {
      await breakStale(lockPath, dataPath, info, options.staleMillis)
      continue
    }
    if (Date.now() - started > options.timeoutMillis) {
      throw new Error(
        `timed out after ${options.timeoutMillis} ms waiting for the lock ${lockPath} (held by pid ${info.pid} on ${info.host})`,
      )
    }
    await pause(wait + Math.random() * wait)
    wait = Math.min(wait * 2, 50)
  }
  try {
    return await fn()
  } finally {
    const info = await readLock(lockPath).catch(() => undefined)
    if (info?.token === token) await removeIf(lockPath)
  }
}
