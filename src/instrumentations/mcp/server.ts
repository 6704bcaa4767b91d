/**
 * The MCP server side: every request handler registered on a `Server` (through
 * `setRequestHandler`, which `McpServer` uses for its tools, resources and prompts, and the
 * server's own `initialize` and `ping`) is timed from the moment it is called until its result
 * or error is ready: one `mcp.server.operation.duration` sample per request. `connect` to close
 * is one `mcp.server.session.duration` sample.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { McpSession, startMcpOperation } from '../../tracking/mcp.js'
import { observe, unwrapMethod, wrapMethod } from '../shared/own-method.js'
import { transportAttributes } from './describe.js'
import { closeSession, sessionAttributes, sessionOf, setSession } from './session-state.js'

const METHODS = ['connect', 'setRequestHandler', '_onclose'] as const

type Request = { method?: unknown; params?: { name?: unknown } }
type Handler = (request: Request, ...rest: unknown[]) => unknown

function timedHandler(server: object, handler: Handler, recorder: RecorderSource): Handler {
  return function (this: unknown, request, ...rest) {
    const method = typeof request?.method === 'string' ? request.method : undefined
    const op = method
      ? startMcpOperation(
          'server',
          { method, name: request.params?.name, session: sessionAttributes(server) },
          recorder,
        )
      : undefined
    let result: unknown
    try {
      result = handler.call(this, request, ...rest)
    } catch (err) {
      op?.fail(err)
      throw err
    }
    if (op) {
      observe(
        result,
        (r) => {
          const version =
            method === 'initialize' ? (r as { protocolVersion?: unknown })?.protocolVersion : undefined
          const session = sessionOf(server)
          if (typeof version === 'string' && session) session.protocolVersion = version
          op.end(r, typeof version === 'string' ? version : undefined)
        },
        (e) => op.fail(e),
      )
    }
    return result
  }
}

/** Patches the `Server` class of `@modelcontextprotocol/sdk/server/index.js` (McpServer uses it). */
export function patchMcpServer(Server: any, recorder: RecorderSource): void {
  const proto = Server?.prototype
  if (!proto) return
  wrapMethod(
    proto,
    'setRequestHandler',
    (original) =>
      function (this: object, schema: unknown, handler: unknown, ...rest: unknown[]) {
        const timed =
          typeof handler === 'function' ? timedHandler(this, handler as Handler, recorder) : handler
        return original.call(this, schema, timed, ...rest)
      },
  )
  wrapMethod(
    proto,
    'connect',
    (original) =>
      function (this: object, transport: unknown, ...rest: unknown[]) {
        try {
          const attrs = transportAttributes(transport, false)
          setSession(this, new McpSession('server', attrs, recorder()), attrs)
        } catch {
          // Untracked session: the connect itself is untouched.
        }
        return original.call(this, transport, ...rest)
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

/** Undoes {@link patchMcpServer}. Handlers registered while it was patched stay timed. */
export function unpatchMcpServer(Server: any): void {
  for (const key of METHODS) unwrapMethod(Server?.prototype, key)
}
