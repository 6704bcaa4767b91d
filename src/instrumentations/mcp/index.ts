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
import { Hook } from 'require-in-the-middle'
import { moduleDefinitions } from '../../internal/runtime.js'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchMcpClient, unpatchMcpClient } from './client.js'
import { patchMcpServer, unpatchMcpServer } from './server.js'

export const SUPPORTED_MCP_VERSIONS = ['>=1.20.0 <2']
const CJS_PREFIX = '@modelcontextprotocol/sdk/dist/cjs/'
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
  // Set by enable(), which the base constructor calls before this class's fields would be
  // initialised: declared, so no field initialiser overwrites it.
  declare private cjsHook: Hook | undefined

  constructor(config: InstrumentationConfig = {}) {
    super('mcp', config)
  }

  /**
   * Also hooks the SDK's CommonJS files. The shared require hook gives up on every file of this
   * package: the SDK's `"."` export names a CommonJS file it does not ship (1.x:
   * `dist/cjs/index.js`), so require-in-the-middle cannot resolve the package's main file to tell
   * the files apart. A hook of its own, with the files' module names on its list, is matched by
   * name before that lookup; the definitions below are applied as the base class applies any.
   */
  override enable(): void {
    super.enable()
    if (this.cjsHook) return
    const names = moduleDefinitions(this)
      .map((d) => d.name)
      .filter((name) => name.startsWith(CJS_PREFIX))
    this.cjsHook = new Hook(names, { internals: false }, (exports, name, baseDir) => {
      const definition = moduleDefinitions(this).find((d) => d.name === name)
      const base = this as unknown as { _onRequire?: (...args: unknown[]) => unknown }
      if (!definition || typeof base._onRequire !== 'function') return exports
      return base._onRequire(definition, exports, name, baseDir) as typeof exports
    })
  }

  override disable(): void {
    super.disable()
    this.cjsHook?.unhook()
    this.cjsHook = undefined
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
    // The CommonJS files as modules of their own, by the name require-in-the-middle gives them
    // (the path without `/index.js`), for the hook enable() adds.
    const cjs = (path: string, patch: (e: any) => void, unpatch: (e: any) => void) =>
      new InstrumentationNodeModuleDefinition(
        `${CJS_PREFIX}${path}`,
        SUPPORTED_MCP_VERSIONS,
        (exports: any) => {
          patch(exports)
          return exports
        },
        (exports: any) => unpatch(exports),
      )
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
      cjs('client', client, unclient),
      cjs('server', server, unserver),
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
