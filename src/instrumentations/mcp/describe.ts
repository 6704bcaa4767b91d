/**
 * What an MCP transport says about the session: `network.transport` (`tcp` for HTTP, `pipe` for
 * stdio), `network.protocol.name`, and on the client the server's address and port. The SDK's
 * transports are told apart by their class names and the URL HTTP transports keep; an
 * in-process transport (`InMemoryTransport`) has none of these, so none is recorded.
 *
 * @module
 */
import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../../semconv/attributes.js'

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 }

function urlOf(transport: any): URL | undefined {
  const url = transport?._url
  return url instanceof URL ? url : undefined
}

/** The session attributes of `transport`; `withServer` adds `server.address`/`server.port` (client side). */
export function transportAttributes(transport: unknown, withServer: boolean): Attributes {
  const name = String((transport as object | undefined)?.constructor?.name ?? '')
  const attrs: Attributes = {}
  if (/Stdio/.test(name)) attrs[ATTR_NETWORK_TRANSPORT] = 'pipe'
  else if (/WebSocket/.test(name)) {
    attrs[ATTR_NETWORK_TRANSPORT] = 'tcp'
    attrs[ATTR_NETWORK_PROTOCOL_NAME] = 'websocket'
  } else if (/StreamableHTTP|SSE/.test(name)) {
    attrs[ATTR_NETWORK_TRANSPORT] = 'tcp'
    attrs[ATTR_NETWORK_PROTOCOL_NAME] = 'http'
  }
  const url = withServer ? urlOf(transport) : undefined
  if (url) {
    attrs[ATTR_SERVER_ADDRESS] = url.hostname.replace(/^\[|\]$/g, '')
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]
    if (port !== undefined) attrs[ATTR_SERVER_PORT] = port
  }
  return attrs
}
