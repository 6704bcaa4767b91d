/**
 * One lazily opened, auto-reconnecting Redis connection over `node:net`, with pipelined command
 * batches. No dependency: budgets need three commands. The socket is unref'ed while idle so it never
 * keeps the host process alive; a batch that gets no reply in time fails and resets the connection.
 *
 * @module
 */
import { connect, type Socket } from 'node:net'
import { encodeCommand, RespError, RespParser, type RespValue } from './resp.js'

export interface RedisTarget {
  host: string
  port: number
  username?: string
  password?: string
  db?: number
}

interface Batch {
  remaining: number
  replies: RespValue[]
  resolve(replies: RespValue[]): void
  reject(err: Error): void
  timer: ReturnType<typeof setTimeout>
}

/**
 * Parses `redis://[[user]:password@]host[:port][/db]`.
 *
 * @example
 * parseRedisUrl('redis://:s3cret@10.0.0.5:6380/2') // { host: '10.0.0.5', port: 6380, password: 's3cret', db: 2 }
 */
export function parseRedisUrl(url: string): RedisTarget {
  const u = new URL(url)
  if (u.protocol !== 'redis:') throw new Error(`unsupported Redis URL scheme ${u.protocol} (use redis://)`)
  const target: RedisTarget = { host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : 6379 }
  if (u.username) target.username = decodeURIComponent(u.username)
  if (u.password) target.password = decodeURIComponent(u.password)
  const db = u.pathname.replace(/^\//, '')
  if (db !== '') {
    const n = Number(db)
    if (!Number.isInteger(n) || n < 0) throw new Error(`Redis URL database must be a number (got "${db}")`)
    target.db = n
  }
  return target
}

export class RedisConnection {
  private socket: Socket | undefined
  private parser = new RespParser()
  private readonly batches: Batch[] = []
  private readonly target: RedisTarget
  private readonly timeoutMillis: number

  constructor(target: RedisTarget, timeoutMillis: number) {
    this.target = target
    this.timeoutMillis = timeoutMillis
  }

  /** Sends commands in one write; resolves with their replies (error replies as RespError values). */
  send(commands: readonly (readonly string[])[]): Promise<RespValue[]> {
    return new Promise((resolve, reject) => {
      const socket = this.open()
      const batch: Batch = {
        remaining: commands.length,
        replies: [],
        resolve,
        reject,
        timer: setTimeout(() => {
          socket.destroy(
            new Error(
              `no reply from Redis at ${this.target.host}:${this.target.port} within ${this.timeoutMillis} ms`,
            ),
          )
        }, this.timeoutMillis),
      }
      batch.timer.unref()
      this.batches.push(batch)
      socket.ref()
      socket.write(Buffer.concat(commands.map((c) => encodeCommand(c))))
    })
  }

  /** Closes the connection once the batches in flight are answered. */
  async close(): Promise<void> {
    const socket = this.socket
    if (!socket) return
    if (this.batches.length > 0) {
      await this.send([['PING']]).catch(() => undefined)
    }
    socket.end()
    this.socket = undefined
  }

  private open(): Socket {
    if (this.socket) return this.socket
    const socket = connect({ host: this.target.host, port: this.target.port })
    socket.setNoDelay(true)
    this.socket = socket
    this.parser = new RespParser()
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk))
    socket.on('error', (err) => this.fail(socket, err))
    socket.on('close', () => this.fail(socket, new Error('Redis connection closed')))
    const handshake: string[][] = []
    if (this.target.password !== undefined) {
      handshake.push(
        this.target.username
          ? ['AUTH', this.target.username, this.target.password]
          : ['AUTH', this.target.password],
      )
    }
    if (this.target.db !== undefined) handshake.push(['SELECT', String(this.target.db)])
    if (handshake.length > 0) {
      // Queued first on the new socket; a refusal closes it, failing whatever was queued behind.
      this.send(handshake).then(
        (replies) => {
          const refused = replies.find((r) => r instanceof RespError)
          if (refused)
            socket.destroy(new Error(`Redis refused the connection setup: ${(refused as RespError).message}`))
        },
        () => undefined,
      )
    }
    return socket
  }

  private receive(socket: Socket, chunk: Buffer): void {
    let replies: RespValue[]
    try {
      replies = this.parser.push(chunk)
    } catch (err) {
      socket.destroy(err as Error)
      return
    }
    for (const reply of replies) {
      const batch = this.batches[0]
      if (!batch) {
        socket.destroy(new Error('unexpected reply from Redis'))
        return
      }
      batch.replies.push(reply)
      if (--batch.remaining === 0) {
        this.batches.shift()
        clearTimeout(batch.timer)
        batch.resolve(batch.replies)
      }
    }
    if (this.batches.length === 0) socket.unref()
  }

  private fail(socket: Socket, err: Error): void {
    if (this.socket !== socket) return
    this.socket = undefined
    socket.destroy()
    for (const batch of this.batches.splice(0)) {
      clearTimeout(batch.timer)
      batch.reject(err)
    }
  }
}
