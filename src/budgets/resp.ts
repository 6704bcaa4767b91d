/**
 * A minimal RESP2 codec (the Redis protocol): commands out as arrays of bulk strings, replies in
 * as simple strings, errors, integers, bulk strings (or null) and arrays, parsed incrementally.
 *
 * @module
 */

export type RespValue = string | number | null | RespError | RespValue[]

/** An error reply (`-ERR ...`). */
export class RespError extends Error {
  override readonly name = 'RespError'
}

/**
 * Encodes one command.
 *
 * @example
 * encodeCommand(['GET', 'k']).toString() // '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n'
 */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
  for (const arg of args) {
    const body = Buffer.from(arg, 'utf8')
    parts.push(Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n'))
  }
  return Buffer.concat(parts)
}

const INCOMPLETE = Symbol('incomplete')
type Parsed = { value: RespValue; next: number } | typeof INCOMPLETE

/** Feeds bytes in, takes whole replies out. */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): RespValue[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const replies: RespValue[] = []
    let offset = 0
    for (;;) {
      const parsed = this.parse(offset)
      if (parsed === INCOMPLETE) break
      replies.push(parsed.value)
      offset = parsed.next
    }
    this.buffer = this.buffer.subarray(offset)
    return replies
  }

  private line(offset: number): { text: string; next: number } | undefined {
    const end = this.buffer.indexOf('\r\n', offset)
    if (end === -1) return undefined
    return { text: this.buffer.toString('utf8', offset, end), next: end + 2 }
  }

  private parse(offset: number): Parsed {
    if (offset >= this.buffer.length) return INCOMPLETE
    const type = String.fromCharCode(this.buffer[offset]!)
    const head = this.line(offset + 1)
    if (!head) return INCOMPLETE
    switch (type) {
      case '+':
        return { value: head.text, next: head.next }
      case '-':
        return { value: new RespError(head.text), next: head.next }
      case ':':
        return { value: Number(head.text), next: head.next }
      case '$': {
        const size = Number(head.text)
        if (size < 0) return { value: null, next: head.next }
        if (this.buffer.length < head.next + size + 2) return INCOMPLETE
        return {
          value: this.buffer.toString('utf8', head.next, head.next + size),
          next: head.next + size + 2,
        }
      }
      case '*': {
        const count = Number(head.text)
        if (count < 0) return { value: null, next: head.next }
        const items: RespValue[] = []
        let next = head.next
        for (let i = 0; i < count; i++) {
          const item = this.parse(next)
          if (item === INCOMPLETE) return INCOMPLETE
          items.push(item.value)
          next = item.next
        }
        return { value: items, next }
      }
      default:
        throw new RespError(`unexpected RESP type byte ${JSON.stringify(type)}`)
    }
  }
}
