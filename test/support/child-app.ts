/** Runs a fixture app in a child Node process (the same Node as the tests) and reads its ready line. */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ChildApp {
  readonly proc: ChildProcess
  /** The JSON object the app printed as its first stdout line. */
  readonly info: Record<string, string | undefined>
  stdout(): string
  stderr(): string
  /** Resolves once the app's stdout contains `text`. */
  waitForOutput(text: string): Promise<void>
  /** Sends `signal` and resolves with the exit code and signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export async function startChildApp(args: string[], env: Record<string, string> = {}): Promise<ChildApp> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  proc.stderr!.on('data', (d) => {
    err += d
  })
  const info = await new Promise<Record<string, string | undefined>>((resolve, reject) => {
    // The ready line is the first stdout line that is a JSON object (diagnostics may come first).
    proc.stdout!.on('data', (d) => {
      out += d
      for (const line of out.split('\n').slice(0, -1)) {
        if (!line.startsWith('{')) continue
        try {
          resolve(JSON.parse(line))
          return
        } catch {
          // Not the ready line.
        }
      }
    })
    proc.once('exit', (code) => reject(new Error(`app exited (${code}) before it was ready:\n${err}`)))
  })
  return {
    proc,
    info,
    stdout: () => out,
    stderr: () => err,
    waitForOutput: (text) =>
      new Promise<void>((resolve) => {
        if (out.includes(text)) return resolve()
        const onData = () => {
          if (out.includes(text)) {
            proc.stdout!.off('data', onData)
            resolve()
          }
        }
        proc.stdout!.on('data', onData)
      }),
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null)
        return { code: proc.exitCode, signal: proc.signalCode }
      const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
      proc.kill(signal)
      const [code, sig] = await exited
      return { code, signal: sig }
    },
  }
}
