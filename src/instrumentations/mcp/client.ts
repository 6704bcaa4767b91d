/**
 * The MCP client side: `Client.prototype.request` (every request: `initialize`, `tools/call`,
 * `resources/read`, `prompts/get`, `tools/list`, ...; the SDK's helpers such as `callTool` go
 * through it) is one `mcp.client.operation.duration` sample each, and `connect` to close (the
 * transport's close, whoever starts it) is one `mcp.client.session.duration` sample.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { observe, unwrapMethod, wrapMethod } from '../shared/own-method.js'
import { sessionOf } from './session-state.js'
import { endOperation, type McpRequest, startOperation, wrapSessionMethods } from './side-wrappers.js'

const METHODS = ['connect', 'request', '_onclose'] as const

/** Patches the `Client` class of `@modelcontextprotocol/sdk/client/index.js`. */
export function patchMcpClient(Client: any, recorder: RecorderSource): void {
  const proto = Client?.prototype
  if (!proto) return
  wrapSessionMethods(proto, 'client', recorder)
  wrapMethod(
    proto,
    'request',
    (original) =>
      function (this: object, request: McpRequest, ...rest: unknown[]) {
        const started = startOperation('client', this, request, recorder)
        const result = original.call(this, request, ...rest)
        if (started) {
          const session = sessionOf(this)
          observe(
            result,
            (r) => endOperation(started, r, session),
            (e) => {
              if (started.method === 'initialize') session?.failed(e)
              started.op.fail(e)
            },
          )
        }
        return result
      },
  )
}

/** Undoes {@link patchMcpClient}. */
export function unpatchMcpClient(Client: any): void {
  for (const key of METHODS) unwrapMethod(Client?.prototype, key)
}
