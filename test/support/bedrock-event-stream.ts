/**
 * An encoder for AWS's binary event-stream framing (`application/vnd.amazon.eventstream`), written
 * from the public format so it cannot agree with the client's decoder by construction: a 12-byte
 * prelude (total length, headers length, CRC32 of those 8 bytes, all big-endian), the headers (each
 * a 1-byte name length, the name, a type byte, here 7 = string with a 2-byte length, the value), the
 * payload, and a CRC32 of everything before it.
 */
import { crc32 } from 'node:zlib'

/** One frame with string headers and a payload. */
export function encodeMessage(headers: Record<string, string>, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload)
  const headerParts: Buffer[] = []
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8')
    const v = Buffer.from(value, 'utf8')
    const part = Buffer.alloc(1 + n.length + 1 + 2 + v.length)
    part.writeUInt8(n.length, 0)
    n.copy(part, 1)
    part.writeUInt8(7, 1 + n.length)
    part.writeUInt16BE(v.length, 2 + n.length)
    v.copy(part, 4 + n.length)
    headerParts.push(part)
  }
  const headerBytes = Buffer.concat(headerParts)
  const total = 12 + headerBytes.length + body.length + 4
  const message = Buffer.alloc(total)
  message.writeUInt32BE(total, 0)
  message.writeUInt32BE(headerBytes.length, 4)
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8)
  headerBytes.copy(message, 12)
  body.copy(message, 12 + headerBytes.length)
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4)
  return message
}

/** An event of type `eventType` with a JSON payload. */
export function eventFrame(eventType: string, payload: unknown): Buffer {
  return encodeMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify(payload),
  )
}

/** A modeled exception inside the stream (`modelStreamErrorException`, `throttlingException`, ...). */
export function exceptionFrame(exceptionType: string, payload: unknown): Buffer {
  return encodeMessage(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    JSON.stringify(payload),
  )
}

/** An InvokeModelWithResponseStream `chunk` event: the model's JSON, base64 in `bytes`. */
export function chunkFrame(modelEvent: unknown): Buffer {
  const bytes = Buffer.from(JSON.stringify(modelEvent), 'utf8').toString('base64')
  return eventFrame('chunk', { bytes })
}
