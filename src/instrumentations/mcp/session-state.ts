/**
 * The session each MCP `Client` or `Server` instance is in. It lives in a WeakMap keyed by the SDK's instance rather than on it,
 * so nothing of llmeter shows on the host's objects and a collected client takes its entry with it.
 *
 * @module
 */
import type { Attributes } from '@opentelemetry/api'
import { ATTR_MCP_PROTOCOL_VERSION } from '../../semconv/attributes.js'
import type { McpSession } from '../../tracking/mcp.js'

// Keyed by Client/Server instance: one session per connected instance at a time.
const sessions = new WeakMap<object, { session: McpSession; attrs: Attributes }>()

export function setSession(owner: object, session: McpSession, attrs: Attributes): void {
  sessions.set(owner, { session, attrs })
}

export function sessionOf(owner: object): McpSession | undefined {
  return sessions.get(owner)?.session
}

/** The attributes every operation of `owner`'s session carries (transport, protocol version). */
export function sessionAttributes(owner: object): Attributes | undefined {
  const entry = sessions.get(owner)
  if (!entry) return undefined
  const version = entry.session.protocolVersion
  return version ? { ...entry.attrs, [ATTR_MCP_PROTOCOL_VERSION]: version } : entry.attrs
}

/** Ends `owner`'s session, once, and forgets it. */
export function closeSession(owner: object): void {
  const entry = sessions.get(owner)
  sessions.delete(owner)
  entry?.session.close()
}
