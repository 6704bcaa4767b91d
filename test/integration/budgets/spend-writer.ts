/** Runs spend-writer.fixture.mjs in a child Node process and follows its "ack <total>" lines. */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const FIXTURE = fileURLToPath(new URL('./spend-writer.fixture.mjs', import.meta.url))

export interface SpendWriter {
  readonly proc: ChildProcess
  /** Totals the child acknowledged, in order. */
  readonly acks: number[]
  /** Resolves once at least `n` acks arrived (rejects if the child exits first). */
  acked(n: number): Promise<void>
  /** Resolves when the child has exited and its stdout is fully read. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
}

export function startSpendWriter(file: string, key: string, step: number, count: number): SpendWriter {
  const proc = spawn(process.execPath, [FIXTURE, file, key, String(step), String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const acks: number[] = []
  const waiters: { n: number; resolve(): void; reject(e: Error): void }[] = []
  let buffer = ''
  let stderr = ''
  proc.stderr!.on('data', (d) => {
    stderr += d
  })
  proc.stdout!.on('data', (d) => {
    buffer += d
    let nl = buffer.indexOf('\n')
    while (nl !== -1) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (line.startsWith('ack ')) acks.push(Number(line.slice(4)))
      nl = buffer.indexOf('\n')
    }
    for (const w of waiters.filter((w) => acks.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve()
    }
  })
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      proc.once('close', (code, signal) => {
        for (const w of waiters.splice(0))
          w.reject(new Error(`writer exited (${code ?? signal}) after ${acks.length} acks:\n${stderr}`))
        resolve({ code, signal, stderr })
      })
    },
  )
  return {
    proc,
    acks,
    closed,
    acked: (n) =>
      acks.length >= n
        ? Promise.resolve()
        : new Promise((resolve, reject) => waiters.push({ n, resolve, reject })),
  }
}
