/**
 * Automatic instrumentation of `@modelcontextprotocol/sdk` (1.20 up to 1.x), client and server
 * side, and of the 2.x client package `@modelcontextprotocol/client`, as the MCP semantic conventions measure it: operation durations per request and session
 * durations per connection. The SDK ships its classes in per-entry files (`client/index.js`,
 * `server/index.js`, CommonJS and ESM builds), and apps import those sub-paths, so the patch is
 * applied to those files; `McpServer` (`server/mcp.js`) builds on the patched `Server`.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchMcpClient, unpatchMcpClient } from './client.js'
import { patchMcpServer, unpatchMcpServer } from './server.js'

export const SUPPORTED_MCP_VERSIONS = ['>=1.20.0 <2']
/**
 * `@modelcontextprotocol/client`, the SDK's 2.x client package (the one `@openai/agents` 0.18+
 * connects to MCP servers with): the same `Client` shape, one bundled entry.
 */
export const SUPPORTED_MCP_CLIENT_VERSIONS = ['>=2.0.0 <3']

/**
 * Measures MCP clients and servers built on `@modelcontextprotocol/sdk` when it is loaded.
 * `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new McpInstrumentation()], meterProvider })
 */
export class McpInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('mcp', config)
  }

  protected init() {
    const file = (path: string, patch: (e: any) => void, unpatch: (e: any) => void) =>
      new InstrumentationNodeModuleFile(
        `@modelcontextprotocol/sdk/dist/${path}`,
        SUPPORTED_MCP_VERSIONS,
        (exports: any) => {
          patch(exports)
          return exports
        },
        (exports: any) => unpatch(exports),
      )
    const client = (e: any) => patchMcpClient(e?.Client, this.recorder)
    const unclient = (e: any) => unpatchMcpClient(e?.Client)
    const server = (e: any) => patchMcpServer(e?.Server, this.recorder)
    const unserver = (e: any) => unpatchMcpServer(e?.Server)
    return [
      new InstrumentationNodeModuleDefinition(
        '@modelcontextprotocol/sdk',
        SUPPORTED_MCP_VERSIONS,
        undefined,
        undefined,
        [
          file('cjs/client/index.js', client, unclient),
          file('esm/client/index.js', client, unclient),
          file('cjs/server/index.js', server, unserver),
          file('esm/server/index.js', server, unserver),
        ],
      ),
      new InstrumentationNodeModuleDefinition(
        '@modelcontextprotocol/client',
        SUPPORTED_MCP_CLIENT_VERSIONS,
        (exports: any) => {
          client(exports)
          return exports
        },
        unclient,
      ),
    ]
  }
}

export { patchMcpClient, patchMcpServer, unpatchMcpClient, unpatchMcpServer }
