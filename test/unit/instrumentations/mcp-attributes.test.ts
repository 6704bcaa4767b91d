import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { transportAttributes } from '../../../src/instrumentations/mcp/describe.js'
import { mcpErrorAttributes } from '../../../src/tracking/mcp.js'
import { createHarness, type Harness } from '../../support/harness.js'

describe('MCP error attributes', () => {
  let h: Harness
  beforeEach(() => {
    h = createHarness()
  })
  afterEach(async () => {
    await h.close()
  })
  const rpc = (code: unknown) => Object.assign(new Error('rpc'), { code })

  it('names a JSON-RPC error code on the client as error.type and status code', () => {
    expect(mcpErrorAttributes('client', rpc(-32603), h.recorder)).toEqual({
      'error.type': '-32603',
      'rpc.response.status_code': '-32603',
    })
    expect(mcpErrorAttributes('client', rpc(-32602), h.recorder)).toEqual({
      'error.type': '-32602',
      'rpc.response.status_code': '-32602',
    })
  })

  it('keeps the codes of requests a server cannot serve out of its errors', () => {
    for (const code of [-32700, -32600, -32601, -32602, -32002]) {
      expect(mcpErrorAttributes('server', rpc(code), h.recorder)).toEqual({
        'rpc.response.status_code': String(code),
      })
    }
    expect(mcpErrorAttributes('server', rpc(-32001), h.recorder)).toEqual({
      'error.type': '-32001',
      'rpc.response.status_code': '-32001',
    })
  })

  it('answers a server error without an integer code as Internal error, like the SDK', () => {
    expect(mcpErrorAttributes('server', new Error('boom'), h.recorder)).toEqual({
      'error.type': '-32603',
      'rpc.response.status_code': '-32603',
    })
    expect(mcpErrorAttributes('server', rpc('ECONNRESET'), h.recorder)).toEqual({
      'error.type': '-32603',
      'rpc.response.status_code': '-32603',
    })
  })

  it("names the client SDK's own timeout timeout, and a transport failure by its kind", () => {
    expect(mcpErrorAttributes('client', rpc(-32001), h.recorder)).toEqual({ 'error.type': 'timeout' })
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    })
    expect(mcpErrorAttributes('client', refused, h.recorder)).toEqual({ 'error.type': 'network' })
  })
})

describe('MCP transport attributes', () => {
  class StdioClientTransport {}
  class StreamableHTTPClientTransport {
    _url = new URL('https://mcp.example.com/mcp')
  }
  class SSEClientTransport {
    _url = new URL('http://[::1]:8080/sse')
  }
  class WebSocketClientTransport {
    _url = new URL('ws://127.0.0.1:9000')
  }
  class InMemoryTransport {}

  it('tells transports apart as the conventions name them', () => {
    expect(transportAttributes(new StdioClientTransport(), true)).toEqual({ 'network.transport': 'pipe' })
    expect(transportAttributes(new StreamableHTTPClientTransport(), true)).toEqual({
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'server.address': 'mcp.example.com',
      'server.port': 443,
    })
    expect(transportAttributes(new SSEClientTransport(), true)).toEqual({
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'server.address': '::1',
      'server.port': 8080,
    })
    expect(transportAttributes(new WebSocketClientTransport(), true)).toEqual({
      'network.transport': 'tcp',
      'network.protocol.name': 'websocket',
      'server.address': '127.0.0.1',
      'server.port': 9000,
    })
    expect(transportAttributes(new InMemoryTransport(), true)).toEqual({})
  })

  it('leaves the server address out on the server side', () => {
    expect(transportAttributes(new StreamableHTTPClientTransport(), false)).toEqual({
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
    })
  })
})
