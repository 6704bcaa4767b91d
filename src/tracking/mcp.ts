/**
 * MCP operation and session trackers: one JSON-RPC request (client or server side) and one
 * session (connect to close), recorded as the MCP semantic conventions define them
 * (`mcp.{client,server}.operation.duration`, `mcp.{client,server}.session.duration`).
 *
 * `error.type` follows the conventions: the JSON-RPC error code as a string (`-32603`), also
 * recorded as `rpc.response.status_code`; `tool_error` for a `tools/call` result with
 * `isError: true`; a request the SDK timed out itself is `timeout`; other failures (transport)
 * are classified like LLM call errors. On the server, the codes that mean "the caller sent a
 * request we could not serve" are recorded as a status code without an `error.type`.
 *
 * @module
 */
import type { Attributes } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { guard } from '../internal/guard.js'
import type { Recorder } from '../recording/recorder.js'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  GEN_AI_OPERATION,
} from '../semconv/attributes.js'
import { classifyError, ERROR_TYPE } from '../semconv/error-types.js'

export type McpSide = 'client' | 'server'

/** `error.type` of a `tools/call` whose result has `isError: true`. */
export const MCP_TOOL_ERROR = 'tool_error'
/** The SDK's own request timeout (`ErrorCode.RequestTimeout`), raised locally, not by the peer. */
const REQUEST_TIMEOUT = -32001
/** Codes a server answers for requests it could not serve: not errors of the server. */
const NOT_SERVER_ERRORS = new Set([-32700, -32600, -32601, -32602, -32002])

const now = () => performance.now()

/** What is known of a request when it starts. */
export interface McpOperationInfo {
  method: string
  /** `params.name` of the request: the tool of `tools/call`, the prompt of `prompts/get`. */
  name?: unknown
  /** Transport and session attributes (`network.*`, `server.*`, `mcp.protocol.version`). */
  session?: Attributes
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** One MCP request in flight; `end` or `fail` records it once. */
export class McpOperation {
  private readonly attrs: Attributes
  private readonly startedAt = now()
  private done = false

  constructor(
    private readonly side: McpSide,
    info: McpOperationInfo,
    private readonly recorder: Recorder,
  ) {
    const limiter = recorder.limiter
    const attrs: Attributes = {
      ...info.session,
      [ATTR_MCP_METHOD_NAME]: limiter.admit(ATTR_MCP_METHOD_NAME, info.method),
    }
    const name = text(info.name)
    if (info.method === 'tools/call' && name) {
      attrs[ATTR_GEN_AI_TOOL_NAME] = limiter.admit(ATTR_GEN_AI_TOOL_NAME, name)
      attrs[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION.executeTool
    }
    if (info.method === 'prompts/get' && name)
      attrs[ATTR_GEN_AI_PROMPT_NAME] = limiter.admit(ATTR_GEN_AI_PROMPT_NAME, name)
    this.attrs = attrs
  }

  /** Ends with the request's result (a `tools/call` result with `isError` is a `tool_error`). */
  end(result?: unknown, protocolVersion?: string): void {
    guard('mcp operation end', () => {
      const isError = (result as { isError?: unknown } | undefined)?.isError === true
      const extra: Attributes = {}
      if (protocolVersion) extra[ATTR_MCP_PROTOCOL_VERSION] = protocolVersion
      if (isError && this.attrs[ATTR_MCP_METHOD_NAME] === 'tools/call')
        extra[ATTR_ERROR_TYPE] = MCP_TOOL_ERROR
      this.finish(extra)
    })
  }

  /** Ends with the error the request rejected (client) or its handler threw (server). */
  fail(error: unknown): void {
    guard('mcp operation fail', () => this.finish(mcpErrorAttributes(this.side, error, this.recorder)))
  }

  private finish(extra: Attributes): void {
    if (this.done) return
    this.done = true
    const instrument =
      this.side === 'client'
        ? this.recorder.instruments.mcpClientOperationDuration
        : this.recorder.instruments.mcpServerOperationDuration
    instrument.record((now() - this.startedAt) / 1000, { ...this.attrs, ...extra })
  }
}

/**
 * `error.type` and `rpc.response.status_code` of a failed request. On the server, a handler's
 * error without an integer `code` is answered as `-32603` (Internal error), as the SDK does.
 */
export function mcpErrorAttributes(side: McpSide, error: unknown, recorder: Recorder): Attributes {
  const raw = (error as { code?: unknown } | null | undefined)?.code
  const code = Number.isSafeInteger(raw) ? (raw as number) : side === 'server' ? -32603 : undefined
  if (code === undefined) return { [ATTR_ERROR_TYPE]: classifyError(error) }
  if (side === 'client' && code === REQUEST_TIMEOUT) return { [ATTR_ERROR_TYPE]: ERROR_TYPE.timeout }
  const status = recorder.limiter.admit(ATTR_RPC_RESPONSE_STATUS_CODE, String(code))
  if (side === 'server' && NOT_SERVER_ERRORS.has(code)) return { [ATTR_RPC_RESPONSE_STATUS_CODE]: status }
  return {
    [ATTR_RPC_RESPONSE_STATUS_CODE]: status,
    [ATTR_ERROR_TYPE]: recorder.limiter.admit(ATTR_ERROR_TYPE, String(code)),
  }
}

/**
 * Starts tracking one MCP request in the recorder `recorder()` gives (asked here, so a failing
 * source is ours to catch). Never throws: a tracker that cannot start records nothing.
 */
export function startMcpOperation(
  side: McpSide,
  info: McpOperationInfo,
  recorder: () => Recorder,
): McpOperation | undefined {
  try {
    return new McpOperation(side, info, recorder())
  } catch (err) {
    log.debug('MCP operation not tracked', err)
    return undefined
  }
}

/** One MCP session, from connect to close. */
export class McpSession {
  private readonly startedAt = now()
  private done = false
  private errorType: string | undefined
  protocolVersion: string | undefined

  constructor(
    private readonly side: McpSide,
    private readonly attrs: Attributes,
    private readonly recorder: Recorder,
  ) {}

  /** Marks the session as ending with an error (its connect failed); recorded at close. */
  failed(error: unknown): void {
    guard('mcp session fail', () => {
      this.errorType ??= String(
        mcpErrorAttributes(this.side, error, this.recorder)[ATTR_ERROR_TYPE] ?? ERROR_TYPE.other,
      )
    })
  }

  /** Records the session's duration, once. */
  close(): void {
    guard('mcp session close', () => {
      if (this.done) return
      this.done = true
      const attrs: Attributes = { ...this.attrs }
      if (this.protocolVersion) attrs[ATTR_MCP_PROTOCOL_VERSION] = this.protocolVersion
      if (this.errorType) attrs[ATTR_ERROR_TYPE] = this.errorType
      const instrument =
        this.side === 'client'
          ? this.recorder.instruments.mcpClientSessionDuration
          : this.recorder.instruments.mcpServerSessionDuration
      instrument.record((now() - this.startedAt) / 1000, attrs)
    })
  }
}
