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
import { observe, unwrapMethod, wrapMethod } from '../shared/own-method.js'
import { sessionOf } from './session-state.js'
import { endOperation, type McpRequest, startOperation, wrapSessionMethods } from './side-wrappers.js'

const METHODS = ['connect', 'setRequestHandler', '_onclose'] as const

type Handler = (request: McpRequest, ...rest: unknown[]) => unknown

function timedHandler(server: object, handler: Handler, recorder: RecorderSource): Handler {
  return function (this: unknown, request, ...rest) {
    const started = startOperation('server', server, request, recorder)
    let result: unknown
    try {
      result = handler.call(this, request, ...rest)
    } catch (err) {
      started?.op.fail(err)
      throw err
    }
    if (started) {
      observe(
        result,
        (r) => endOperation(started, r, sessionOf(server)),
        (e) => started.op.fail(e),
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
  wrapSessionMethods(proto, 'server', recorder)
}

/** Undoes {@link patchMcpServer}. Handlers registered while it was patched stay timed. */
export function unpatchMcpServer(Server: any): void {
  for (const key of METHODS) unwrapMethod(Server?.prototype, key)
}
