/**
 * Tool executions inside `generateText`, `streamText` and the agent class: each tool of the call's
 * `tools` record that the SDK executes itself (it has an `execute` function) is handed to the SDK
 * as a copy whose `execute` runs as one `execute_tool` (`gen_ai.tool.name` = its key in the
 * record, `gen_ai.tool.type` `function`, and the agent invocation it runs in). The host's tools
 * object is never changed, and `execute` gets the same arguments and returns the very value (the
 * same promise) the original does; a streaming tool's async iterable is passed through part by
 * part and ends the execution when it does.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_TOOL_TYPE } from '../../semconv/attributes.js'
import { startToolIn, type ToolExecution } from '../../tracking/agent.js'
import type { AgentScope } from '../../tracking/context.js'

const WRAPPED = Symbol.for('llmeter.ai.tool')
type Execute = ((...args: unknown[]) => unknown) & { [WRAPPED]?: true }

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function'
}

async function* passThrough(parts: AsyncIterable<unknown>, execution: ToolExecution) {
  let failed = false
  try {
    yield* parts
  } catch (error) {
    failed = true
    execution.fail(error)
    throw error
  } finally {
    // A completed iteration, or one the SDK stopped (`return()`): the tool ran to where it was read.
    if (!failed) execution.end()
  }
}

/** What `execute` returned, with the execution ended when it settles. */
function settle(result: unknown, execution: ToolExecution): unknown {
  if (isThenable(result)) {
    result.then(
      () => execution.end(),
      (error: unknown) => execution.fail(error),
    )
    return result
  }
  if (isAsyncIterable(result)) return passThrough(result, execution)
  execution.end()
  return result
}

function wrapExecute(
  name: string,
  execute: Execute,
  agent: AgentScope | undefined,
  recorder: RecorderSource,
) {
  const wrapped: Execute = function (this: unknown, ...args: unknown[]) {
    let execution: ToolExecution | undefined
    try {
      execution = startToolIn(agent, name, { type: GEN_AI_TOOL_TYPE.function }, recorder())
    } catch (err) {
      log.debug('could not start an AI SDK tool execution', err)
    }
    if (!execution) return execute.apply(this, args)
    let result: unknown
    try {
      result = execute.apply(this, args)
    } catch (error) {
      execution.fail(error)
      throw error
    }
    try {
      return settle(result, execution)
    } catch (err) {
      log.debug('could not observe an AI SDK tool result', err)
      return result
    }
  }
  wrapped[WRAPPED] = true
  return wrapped
}

/**
 * `options` with its `tools` record replaced by one whose executable tools are measured, run in
 * `agent` (the invocation the call belongs to, if any). Any other option, and `options` itself
 * when it has no executable tool, is handed on untouched.
 */
export function withTools<T>(options: T, agent: AgentScope | undefined, recorder: RecorderSource): T {
  try {
    const tools = (options as { tools?: unknown } | undefined)?.tools
    if (!tools || typeof tools !== 'object') return options
    let copy: Record<string, unknown> | undefined
    for (const [name, tool] of Object.entries(tools)) {
      const execute = (tool as { execute?: unknown } | null)?.execute as Execute | undefined
      if (typeof execute !== 'function' || execute[WRAPPED]) continue
      copy ??= { ...(tools as Record<string, unknown>) }
      copy[name] = { ...(tool as object), execute: wrapExecute(name, execute, agent, recorder) }
    }
    return copy ? { ...options, tools: copy } : options
  } catch (err) {
    log.debug('could not measure the tools of an AI SDK call', err)
    return options
  }
}
