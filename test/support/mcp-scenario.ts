/**
 * A real MCP server (the SDK's McpServer: a tool, a tool that throws, a resource, a resource
 * whose reader throws, a prompt) and a real client of the same SDK, connected in-process
 * (InMemoryTransport) or over Streamable HTTP on 127.0.0.1 port 0. Parameterised by the SDK's
 * modules, so the compatibility matrix runs it on both ends of the range.
 */
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface McpSdk {
  Client: any
  McpServer: any
  InMemoryTransport: any
  StreamableHTTPClientTransport: any
  StreamableHTTPServerTransport: any
}

/** The SDK's classes from its modules (each test imports them statically, from the version it runs). */
export function mcpSdk(modules: {
  client: { Client: unknown }
  mcp: { McpServer: unknown }
  memory: { InMemoryTransport: unknown }
  clientHttp: { StreamableHTTPClientTransport: unknown }
  serverHttp: { StreamableHTTPServerTransport: unknown }
}): McpSdk {
  return {
    Client: modules.client.Client,
    McpServer: modules.mcp.McpServer,
    InMemoryTransport: modules.memory.InMemoryTransport,
    StreamableHTTPClientTransport: modules.clientHttp.StreamableHTTPClientTransport,
    StreamableHTTPServerTransport: modules.serverHttp.StreamableHTTPServerTransport,
  }
}

/** The McpServer every scenario uses. */
export function buildMcpServer(sdk: McpSdk): any {
  const server = new sdk.McpServer({ name: 'test-server', version: '1.0.0' })
  server.tool('lookup', async () => ({ content: [{ type: 'text', text: 'found' }] }))
  server.tool('explode', async () => {
    throw new Error('tool broke')
  })
  server.resource('config', 'config://app', async (uri: URL) => ({
    contents: [{ uri: uri.href, text: '{"debug":false}' }],
  }))
  server.resource('broken', 'config://broken', async () => {
    throw new Error('reader broke')
  })
  server.prompt('greet', async () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
  }))
  return server
}

/** A Streamable HTTP MCP endpoint on 127.0.0.1:0, one session, served by `server`. */
export async function startMcpHttp(sdk: McpSdk, server: any) {
  const transport = new sdk.StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() })
  await server.connect(transport)
  const http = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined
      void transport.handleRequest(req, res, body)
    })
  })
  http.listen(0, '127.0.0.1')
  await once(http, 'listening')
  const port = (http.address() as AddressInfo).port
  return {
    port,
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    async close() {
      await server.close()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

/** What the client does in every scenario; returns what it saw, to check the host got the results. */
export async function exerciseClient(client: any) {
  const tools = await client.listTools()
  const lookup = await client.callTool({ name: 'lookup', arguments: {} })
  const explode = await client.callTool({ name: 'explode', arguments: {} })
  const config = await client.readResource({ uri: 'config://app' })
  const missing = await client.readResource({ uri: 'config://missing' }).catch((e: unknown) => e)
  const broken = await client.readResource({ uri: 'config://broken' }).catch((e: unknown) => e)
  const prompt = await client.getPrompt({ name: 'greet' })
  return { tools, lookup, explode, config, missing, broken, prompt }
}

type Attrs = Record<string, string | number>

/**
 * The operation samples {@link exerciseClient} produces on one side (after `initialize`), each
 * one sample: attributes only, `session` being the transport attributes of that side.
 */
export function expectedOperations(side: 'client' | 'server', session: Attrs, version: string): Attrs[] {
  const base = { ...session, 'mcp.protocol.version': version }
  const tool = (name: string) => ({
    'mcp.method.name': 'tools/call',
    'gen_ai.tool.name': name,
    'gen_ai.operation.name': 'execute_tool',
  })
  return [
    { ...base, 'mcp.method.name': 'initialize' },
    { ...base, 'mcp.method.name': 'tools/list' },
    { ...base, ...tool('lookup') },
    { ...base, ...tool('explode'), 'error.type': 'tool_error' },
    { ...base, 'mcp.method.name': 'resources/read' },
    // Resource not found: an error for the client; for the server a request it could not serve.
    side === 'client'
      ? {
          ...base,
          'mcp.method.name': 'resources/read',
          'rpc.response.status_code': '-32602',
          'error.type': '-32602',
        }
      : { ...base, 'mcp.method.name': 'resources/read', 'rpc.response.status_code': '-32602' },
    // A reader that throws: answered as Internal error on both sides.
    {
      ...base,
      'mcp.method.name': 'resources/read',
      'rpc.response.status_code': '-32603',
      'error.type': '-32603',
    },
    { ...base, 'mcp.method.name': 'prompts/get', 'gen_ai.prompt.name': 'greet' },
  ]
}

/** Sorted JSON of attribute sets, to compare collected points with expected ones as sets. */
export function normalized(sets: readonly Record<string, unknown>[]): string[] {
  return sets
    .map((a) => JSON.stringify(Object.fromEntries(Object.entries(a).sort(([x], [y]) => x.localeCompare(y)))))
    .sort()
}
