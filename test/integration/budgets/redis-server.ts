/** Starts a real redis-server (Debian package `redis-server`) on 127.0.0.1 for one test file. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'

export interface RedisServer {
  readonly port: number
  stop(): Promise<void>
}

export function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'redis-server is not on PATH: the Redis spend store tests need a real Redis. Install the Debian package: apt-get install -y redis-server',
    )
  }
}

/** A port nothing listens on (just released by the OS). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** PEM files for a TLS listener (see tls-cert.ts). */
export interface TlsFiles {
  cert: string
  key: string
}

type StartOptions = { port?: number; args?: string[]; tls?: TlsFiles }

/**
 * Starts redis-server on `port` (a free one by default); with `tls`, that port speaks TLS only.
 * redis-server cannot be told to pick a port itself, so a free one is chosen first, and another
 * process may take it before redis binds it: then another free port is tried (three in all).
 */
export async function startRedisServer(options: StartOptions = {}): Promise<RedisServer> {
  requireRedisServer()
  if (options.port !== undefined) return startOn(options.port, options)
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), options)
    } catch (err) {
      if (attempt === 3 || !/Address already in use/i.test(String(err))) throw err
    }
  }
}

async function startOn(port: number, options: StartOptions): Promise<RedisServer> {
  const listen = options.tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        options.tls.cert,
        '--tls-key-file',
        options.tls.key,
        '--tls-ca-cert-file',
        options.tls.cert,
        '--tls-auth-clients',
        'no',
      ]
    : ['--port', String(port)]
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(options.args ?? [])]
  const proc: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d
      if (output.includes('Ready to accept connections')) resolve()
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', onData)
    proc.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    )
  })
  return {
    port,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      const exited = once(proc, 'exit')
      proc.kill('SIGTERM')
      await exited
    },
  }
}
