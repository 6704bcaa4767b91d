/**
 * The MCP client side: `Client.prototype.request` (every request: `initialize`, `tools/call`,
 * `resources/read`, `prompts/get`, `tools/list`, ...; the SDK's helpers such as `callTool` go
 * through it) is one `mcp.client.operation.duration` sample each, and `connect` to close (the
 * transport's close, whoever starts it) is one `mcp.client.session.duration` sample.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { McpSession, startMcpOperation } from '../../tracking/mcp.js'
import { observe, unwrapMethod, wrapMethod } from '../shared/own-method.js'
import { transportAttributes } from './describe.js'
import { closeSession, sessionAttributes, sessionOf, setSession } from './session-state.js'

const METHODS = ['connect', 'request', '_onclose'] as const

/** Patches the `Client` class of `@modelcontextprotocol/sdk/client/index.js`. */
export function patchMcpClient(Client: any, recorder: RecorderSource): void {
  const proto = Client?.prototype
  if (!proto) return
  wrapMethod(
    proto,
    'connect',
    (original) =>
      function (this: object, transport: unknown, ...rest: unknown[]) {
        try {
          const attrs = transportAttributes(transport, true)
          setSession(this, new McpSession('client', attrs, recorder()), attrs)
        } catch {
          // Untracked session: the connect itself is untouched.
        }
        return original.call(this, transport, ...rest)
      },
  )
  wrapMethod(
    proto,
    'request',
    (original) =>
      function (
        this: object,
        request: { method?: unknown; params?: { name?: unknown } },
        ...rest: unknown[]
      ) {
        const method = typeof request?.method === 'string' ? request.method : undefined
        const op = method
          ? startMcpOperation(
              'client',
              { method, name: request.params?.name, session: sessionAttributes(this) },
              recorder,
            )
          : undefined
        const result = original.call(this, request, ...rest)
        if (op) {
          const session = sessionOf(this)
          observe(
            result,
            (r) => {
              const version =
                method === 'initialize' ? (r as { protocolVersion?: unknown })?.protocolVersion : undefined
              if (typeof version === 'string' && session) session.protocolVersion = version
              op.end(r, typeof version === 'string' ? version : undefined)
            },
            (e) => {
              if (method === 'initialize') session?.failed(e)
              op.fail(e)
            },
          )
        }
        return result
      },
  )
  wrapMethod(
    proto,
    '_onclose',
    (original) =>
      function (this: object, ...args: unknown[]) {
        closeSession(this)
        return original.apply(this, args)
      },
  )
}

/** Undoes {@link patchMcpClient}. */
export function unpatchMcpClient(Client: any): void {
  for (const key of METHODS) unwrapMethod(Client?.prototype, key)
}
