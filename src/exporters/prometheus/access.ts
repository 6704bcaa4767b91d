/**
 * Who may read the scrape endpoint: an optional client allow-list (IP addresses or CIDR
 * ranges, IPv4 and IPv6) and optional bearer-token or basic auth, checked in constant time. Applied by the
 * standalone server and by `metricsHandler()` alike.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BlockList, isIPv4, isIPv6 } from 'node:net'
import { log } from '../../internal/diag.js'

export interface AccessOptions {
  /** Require `Authorization: Bearer <token>`. */
  bearerToken?: string
  /** Require `Authorization: Basic ...` with these credentials, given as `user:password`. */
  basicAuth?: string
  /** Only these client addresses (`10.0.0.5`, `::1`) or ranges (`10.0.0.0/8`, `fd00::/8`) may scrape. */
  allowFrom?: readonly string[]
}

export type AccessVerdict = 'ok' | 'unauthorized' | 'forbidden'

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  // The time taken does not depend on where the two differ (only their lengths show).
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The allow-list as a `net.BlockList` (addresses and CIDR ranges, IPv4 and IPv6). An entry that is
 * neither is reported once and matches nothing.
 */
function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const raw of entries) {
    const entry = raw.trim()
    const slash = entry.indexOf('/')
    const base = slash === -1 ? entry : entry.slice(0, slash)
    const family = isIPv4(base) ? 'ipv4' : isIPv6(base) ? 'ipv6' : undefined
    const bitsText = slash === -1 ? '' : entry.slice(slash + 1)
    const bits = Number(bitsText)
    const max = family === 'ipv4' ? 32 : 128
    if (family === undefined || (slash !== -1 && (!/^\d{1,3}$/.test(bitsText) || bits > max))) {
      log.warn(
        `prometheus allow-list entry "${entry.slice(0, 100)}" is not an IP address or CIDR range; ignored`,
      )
      continue
    }
    if (slash === -1) list.addAddress(base, family)
    else list.addSubnet(base, bits, family)
  }
  return list
}

/** Strips the IPv4-mapped IPv6 prefix (`::ffff:127.0.0.1`). */
function clientAddress(request: IncomingMessage): { address: string; family: 'ipv4' | 'ipv6' } {
  const raw = request.socket.remoteAddress ?? ''
  if (raw.startsWith('::ffff:') && isIPv4(raw.slice(7))) return { address: raw.slice(7), family: 'ipv4' }
  return { address: raw, family: isIPv4(raw) ? 'ipv4' : 'ipv6' }
}

/** Splits `Authorization` into its scheme (lower case: RFC 9110 makes it case-insensitive) and credentials. */
function authorization(header: string | undefined): { scheme: string; credentials: string } {
  const text = (header ?? '').trim()
  const space = text.indexOf(' ')
  if (space === -1) return { scheme: text.toLowerCase(), credentials: '' }
  return { scheme: text.slice(0, space).toLowerCase(), credentials: text.slice(space + 1).trim() }
}

/** Builds the check; with no options every request is allowed. */
export function createAccessCheck(options: AccessOptions = {}): (request: IncomingMessage) => AccessVerdict {
  const { bearerToken, basicAuth, allowFrom } = options
  const expectedBasic = basicAuth ? Buffer.from(basicAuth).toString('base64') : undefined
  const allowed = allowFrom && allowFrom.length > 0 ? allowList(allowFrom) : undefined
  return (request) => {
    if (allowed) {
      const { address, family } = clientAddress(request)
      if (address === '' || !allowed.check(address, family)) return 'forbidden'
    }
    if (!expectedBasic && !bearerToken) return 'ok'
    const { scheme, credentials } = authorization(request.headers.authorization)
    if (bearerToken && scheme === 'bearer' && sameSecret(credentials, bearerToken)) return 'ok'
    if (expectedBasic && scheme === 'basic' && sameSecret(credentials, expectedBasic)) return 'ok'
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
