// The MCP instrumentation on the real @modelcontextprotocol/sdk: McpServer and Client connected
// in-process and over Streamable HTTP on loopback; every request on both sides, errors as the
// conventions name them, sessions after close, and the host's results untouched.
import * as clientModule from '@modelcontextprotocol/sdk/client/index.js'
import * as clientHttp from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import * as memory from '@modelcontextprotocol/sdk/inMemory.js'
import * as serverModule from '@modelcontextprotocol/sdk/server/index.js'
import * as mcp from '@modelcontextprotocol/sdk/server/mcp.js'
import * as serverHttp from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  patchMcpClient,
  patchMcpServer,
  unpatchMcpClient,
  unpatchMcpServer,
} from '../../../src/instrumentations/mcp/index.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { METRICS } from '../../../src/semconv/metrics.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { expectScenarioMetrics, histogramPoints } from '../../support/mcp-checks.js'
import { buildMcpServer, exerciseClient, mcpSdk, startMcpHttp } from '../../support/mcp-scenario.js'

const VERSION = '2025-11-25'
const sdk = mcpSdk({ client: clientModule, mcp, memory, clientHttp, serverHttp })
let h: Harness

beforeAll(() => {
  patchMcpClient(clientModule.Client, defaultRecorder)
  patchMcpServer(serverModule.Server, defaultRecorder)
})
afterAll(() => {
  unpatchMcpClient(clientModule.Client)
  unpatchMcpServer(serverModule.Server)
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('MCP over an in-process transport', () => {
  it('records every request on both sides and both sessions after close', async () => {
    const server = buildMcpServer(sdk)
    const [clientSide, serverSide] = sdk.InMemoryTransport.createLinkedPair()
    await server.connect(serverSide)
    const client = new sdk.Client({ name: 'test-client', version: '1.0.0' })
    await client.connect(clientSide)
    const seen = await exerciseClient(client)
    // Sessions are recorded at close, not before.
    expect(await histogramPoints(h, METRICS.mcpClientSessionDuration.name)).toEqual([])
    await client.close()
    await expectScenarioMetrics(h, { clientSession: {}, serverSession: {}, version: VERSION })

    // The host got the SDK's own results and rejections.
    expect(seen.lookup).toEqual({ content: [{ type: 'text', text: 'found' }] })
    expect(seen.explode).toEqual({ content: [{ type: 'text', text: 'tool broke' }], isError: true })
    expect(seen.config.contents).toEqual([{ uri: 'config://app', text: '{"debug":false}' }])
    expect((seen.missing as { code: number }).code).toBe(-32602)
    expect((seen.broken as { code: number; message: string }).code).toBe(-32603)
    expect(seen.tools.tools.map((t: { name: string }) => t.name)).toEqual(['lookup', 'explode'])
  })
})

describe('MCP over Streamable HTTP on loopback', () => {
  it('records the transport and the server address on the client, the transport on the server', async () => {
    const http = await startMcpHttp(sdk, buildMcpServer(sdk))
    const client = new sdk.Client({ name: 'test-client', version: '1.0.0' })
    await client.connect(new sdk.StreamableHTTPClientTransport(http.url))
    await exerciseClient(client)
    await client.close()
    await http.close()
    const network = { 'network.transport': 'tcp', 'network.protocol.name': 'http' }
    await expectScenarioMetrics(h, {
      clientSession: { ...network, 'server.address': '127.0.0.1', 'server.port': http.port },
      serverSession: network,
      version: VERSION,
    })
  })
})

describe('MCP requests that fail on the client side', () => {
  it('records a request the SDK timed out as timeout, without a status code', async () => {
    const server = buildMcpServer(sdk)
    server.tool('slow', () => new Promise(() => {}))
    const [clientSide, serverSide] = sdk.InMemoryTransport.createLinkedPair()
    await server.connect(serverSide)
    const client = new sdk.Client({ name: 'test-client', version: '1.0.0' })
    await client.connect(clientSide)
    const err = await client
      .callTool({ name: 'slow', arguments: {} }, undefined, { timeout: 50 })
      .catch((e: unknown) => e)
    expect((err as { code: number }).code).toBe(-32001)
    const points = await histogramPoints(h, METRICS.mcpClientOperationDuration.name)
    expect(points.filter((p) => p.attrs['mcp.method.name'] === 'tools/call')).toEqual([
      {
        attrs: {
          'mcp.method.name': 'tools/call',
          'mcp.protocol.version': VERSION,
          'gen_ai.tool.name': 'slow',
          'gen_ai.operation.name': 'execute_tool',
          'error.type': 'timeout',
        },
        count: 1,
      },
    ])
    await client.close()
  })
})

describe('a recorder that throws', () => {
  it('changes nothing for the host: same results, same rejections', async () => {
    unpatchMcpClient(clientModule.Client)
    unpatchMcpServer(serverModule.Server)
    const broken = () => {
      throw new Error('recorder broke')
    }
    patchMcpClient(clientModule.Client, broken)
    patchMcpServer(serverModule.Server, broken)
    try {
      const server = buildMcpServer(sdk)
      const [clientSide, serverSide] = sdk.InMemoryTransport.createLinkedPair()
      await server.connect(serverSide)
      const client = new sdk.Client({ name: 'test-client', version: '1.0.0' })
      await client.connect(clientSide)
      const seen = await exerciseClient(client)
      await client.close()
      expect(seen.lookup).toEqual({ content: [{ type: 'text', text: 'found' }] })
      expect(seen.explode).toEqual({ content: [{ type: 'text', text: 'tool broke' }], isError: true })
      expect((seen.missing as { code: number }).code).toBe(-32602)
      expect((seen.broken as { code: number }).code).toBe(-32603)
      expect(await histogramPoints(h, METRICS.mcpClientOperationDuration.name)).toEqual([])
    } finally {
      unpatchMcpClient(clientModule.Client)
      unpatchMcpServer(serverModule.Server)
      patchMcpClient(clientModule.Client, defaultRecorder)
      patchMcpServer(serverModule.Server, defaultRecorder)
    }
  })
})
