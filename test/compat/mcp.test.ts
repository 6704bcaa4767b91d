// @modelcontextprotocol/sdk at the low and the high end of SUPPORTED_MCP_VERSIONS: the real
// McpServer and Client of each version, patched through their module exports as the load hook
// does, connected in-process and over Streamable HTTP on loopback.
import * as clientHigh from '@modelcontextprotocol/sdk/client/index.js'
import * as clientHttpHigh from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import * as memoryHigh from '@modelcontextprotocol/sdk/inMemory.js'
import * as serverHigh from '@modelcontextprotocol/sdk/server/index.js'
import * as mcpHigh from '@modelcontextprotocol/sdk/server/mcp.js'
import * as serverHttpHigh from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import * as clientLow from '@modelcontextprotocol/sdk-low/client/index.js'
import * as clientHttpLow from '@modelcontextprotocol/sdk-low/client/streamableHttp.js'
import * as memoryLow from '@modelcontextprotocol/sdk-low/inMemory.js'
import * as serverLow from '@modelcontextprotocol/sdk-low/server/index.js'
import * as mcpLow from '@modelcontextprotocol/sdk-low/server/mcp.js'
import * as serverHttpLow from '@modelcontextprotocol/sdk-low/server/streamableHttp.js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest'
import {
  patchMcpClient,
  patchMcpServer,
  SUPPORTED_MCP_VERSIONS,
  unpatchMcpClient,
  unpatchMcpServer,
} from '../../src/instrumentations/mcp/index.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectScenarioMetrics } from '../support/mcp-checks.js'
import { buildMcpServer, exerciseClient, mcpSdk, startMcpHttp } from '../support/mcp-scenario.js'
import { expectDeclared, installedVersion, MATRIX } from './support/matrix.js'

// The protocol version each release negotiates with a client of the same release (its latest).
const rows = [
  {
    end: 'low',
    name: MATRIX.mcp.low,
    protocol: '2025-06-18',
    Server: serverLow.Server,
    sdk: mcpSdk({
      client: clientLow,
      mcp: mcpLow,
      memory: memoryLow,
      clientHttp: clientHttpLow,
      serverHttp: serverHttpLow,
    }),
  },
  {
    end: 'high',
    name: MATRIX.mcp.high,
    protocol: '2025-11-25',
    Server: serverHigh.Server,
    sdk: mcpSdk({
      client: clientHigh,
      mcp: mcpHigh,
      memory: memoryHigh,
      clientHttp: clientHttpHigh,
      serverHttp: serverHttpHigh,
    }),
  },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

describe.each(rows)(
  '@modelcontextprotocol/sdk $version ($end end, $name)',
  ({ sdk, Server, version, protocol }) => {
    let h: Harness
    beforeAll(() => {
      patchMcpClient(sdk.Client, defaultRecorder)
      patchMcpServer(Server, defaultRecorder)
    })
    afterAll(() => {
      unpatchMcpClient(sdk.Client)
      unpatchMcpServer(Server)
    })
    beforeEach(() => {
      h = createHarness()
    })
    afterEach(async () => {
      await h.close()
    })

    it('is inside the declared range', () => {
      expectDeclared(version, SUPPORTED_MCP_VERSIONS)
    })

    it('records every request and both sessions in-process', async () => {
      const server = buildMcpServer(sdk)
      const [clientSide, serverSide] = sdk.InMemoryTransport.createLinkedPair()
      await server.connect(serverSide)
      const client = new sdk.Client({ name: 'compat-client', version: '1.0.0' })
      await client.connect(clientSide)
      await exerciseClient(client)
      await client.close()
      await expectScenarioMetrics(h, { clientSession: {}, serverSession: {}, version: protocol })
    })

    it('records every request and both sessions over Streamable HTTP', async () => {
      const http = await startMcpHttp(sdk, buildMcpServer(sdk))
      const client = new sdk.Client({ name: 'compat-client', version: '1.0.0' })
      await client.connect(new sdk.StreamableHTTPClientTransport(http.url))
      await exerciseClient(client)
      await client.close()
      await http.close()
      const network = { 'network.transport': 'tcp', 'network.protocol.name': 'http' }
      await expectScenarioMetrics(h, {
        clientSession: { ...network, 'server.address': '127.0.0.1', 'server.port': http.port },
        serverSession: network,
        version: protocol,
      })
    })
  },
)
