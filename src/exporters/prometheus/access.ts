/**
 * Who may read the scrape endpoint: an optional client allow-list (IP addresses or IPv4 CIDR
 * ranges) and optional bearer-token or basic auth, checked in constant time. Applied by the
 * standalone server and by `metricsHandler()` alike.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIPv4 } from 'node:net'

export interface AccessOptions {
  /** Require `Authorization: Bearer <token>`. */
  bearerToken?: string
  /** Require `Authorization: Basic ...` with these credentials, given as `user:password`. */
  basicAuth?: string
  /** Only these client addresses (`10.0.0.5`, `::1`) or IPv4 ranges (`10.0.0.0/8`) may scrape. */
  allowFrom?: readonly string[]
}

export type AccessVerdict = 'ok' | 'unauthorized' | 'forbidden'

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  // The time taken does not depend on where the two differ (only their lengths show).
  return a.length === b.length && timingSafeEqual(a, b)
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0
}

function matchesRange(address: string, entry: string): boolean {
  const slash = entry.indexOf('/')
  if (slash === -1) return address === entry
  const base = entry.slice(0, slash)
  const bits = Number(entry.slice(slash + 1))
  if (!isIPv4(base) || !isIPv4(address) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
  return (ipv4ToInt(address) & mask) === (ipv4ToInt(base) & mask)
}

/** Strips the IPv4-mapped IPv6 prefix (`::ffff:127.0.0.1`). */
function clientAddress(request: IncomingMessage): string {
  const raw = request.socket.remoteAddress ?? ''
  return raw.startsWith('::ffff:') && isIPv4(raw.slice(7)) ? raw.slice(7) : raw
}

/** Builds the check; with no options every request is allowed. */
export function createAccessCheck(options: AccessOptions = {}): (request: IncomingMessage) => AccessVerdict {
  const { bearerToken, basicAuth, allowFrom } = options
  const expectedBasic = basicAuth ? `Basic ${Buffer.from(basicAuth).toString('base64')}` : undefined
  const expectedBearer = bearerToken ? `Bearer ${bearerToken}` : undefined
  return (request) => {
    if (allowFrom && allowFrom.length > 0) {
      const address = clientAddress(request)
      if (!allowFrom.some((entry) => matchesRange(address, entry))) return 'forbidden'
    }
    if (!expectedBasic && !expectedBearer) return 'ok'
    const header = request.headers.authorization ?? ''
    if (expectedBearer && sameSecret(header, expectedBearer)) return 'ok'
    if (expectedBasic && sameSecret(header, expectedBasic)) return 'ok'
    return 'unauthorized'
  }
}

/**
 * Answers 401/403 when `request` may not scrape; returns true when it may. Never reads a body.
 */
export function guardAccess(
  check: ReturnType<typeof createAccessCheck>,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const verdict = check(request)
  if (verdict === 'ok') return true
  response.statusCode = verdict === 'forbidden' ? 403 : 401
  if (verdict === 'unauthorized') response.setHeader('www-authenticate', 'Bearer, Basic realm="metrics"')
  response.setHeader('connection', 'close')
  response.end()
  return false
}
