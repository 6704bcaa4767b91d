/**
 * What the client and server patches (client.ts, server.ts) share: the session a `connect` opens
 * and `_onclose` ends, and the start and end of one request's operation (its method, tool or
 * resource name and session attributes; the protocol version an `initialize` result names, which
 * later operations of the session carry).
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { type McpOperation, McpSession, type McpSide, startMcpOperation } from '../../tracking/mcp.js'
import { wrapMethod } from '../shared/own-method.js'
import { transportAttributes } from './describe.js'
import { closeSession, sessionAttributes, setSession } from './session-state.js'

/** A JSON-RPC request as the SDK hands it to `request` or to a request handler. */
export type McpRequest = { method?: unknown; params?: { name?: unknown } }

/** One request being timed. */
export interface StartedOperation {
  op: McpOperation
  method: string
}

/**
 * Wraps `connect` on `proto` (a `Client` or `Server` prototype) to start a session for `side`,
 * and `_onclose` (the transport's close, whoever starts it) to end it. A session that cannot be
 * started is not tracked; `connect` itself is untouched.
 */
export function wrapSessionMethods(proto: object, side: McpSide, recorder: RecorderSource): void {
  wrapMethod(
    proto,
    'connect',
    (original) =>
      function (this: object, transport: unknown, ...rest: unknown[]) {
        try {
          const attrs = transportAttributes(transport, side === 'client')
          setSession(this, new McpSession(side, attrs, recorder()), attrs)
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

/**
 * Starts timing `request` made or handled by `owner` (a `Client` or `Server`) in its session.
 * Undefined when the request names no method or the operation cannot be tracked.
 */
export function startOperation(
  side: McpSide,
  owner: object,
  request: McpRequest,
  recorder: RecorderSource,
): StartedOperation | undefined {
  const method = typeof request?.method === 'string' ? request.method : undefined
  if (!method) return undefined
  const op = startMcpOperation(
    side,
    { method, name: request.params?.name, session: sessionAttributes(owner) },
    recorder,
  )
  return op ? { op, method } : undefined
}

/**
 * Ends `started` with its `result`. The protocol version an `initialize` result names is kept on
 * `session` (when there is one) and recorded with the operation.
 */
export function endOperation(
  started: StartedOperation,
  result: unknown,
  session: McpSession | undefined,
): void {
  const version =
    started.method === 'initialize' ? (result as { protocolVersion?: unknown })?.protocolVersion : undefined
  if (typeof version === 'string' && session) session.protocolVersion = version
  started.op.end(result, typeof version === 'string' ? version : undefined)
}
