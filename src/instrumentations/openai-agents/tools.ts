/**
 * Failed function tools. The Agents SDK catches what a function tool's `execute` throws and, by
 * default, hands the model a message instead (its `errorFunction`), so the runner's `agent_tool_end`
 * event reports an output either way. To tell a failed execution from a good one, the SDK's `tool()`
 * factory is wrapped: each function tool it builds gets an `execute` that, when the app's function
 * throws, fails the tool execution llmeter started at `agent_tool_start` (found by the tool call's
 * id in the run's scope) with the error's type, then rethrows for the SDK to handle as before.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import { currentRun } from './run-scope.js'

const WRAPPED = Symbol.for('llmeter.agents.tool-factory')
const EXECUTE = Symbol.for('llmeter.agents.tool-execute')

type Fn = ((...args: any[]) => any) & { [WRAPPED]?: Fn; [EXECUTE]?: true }

/** Fails the tool execution in progress for the call `details` names, if llmeter follows it. */
function failExecution(details: any, error: unknown): void {
  const scope = currentRun()
  const key = details?.toolCall?.callId ?? details?.toolCall
  if (!scope || key === undefined) return
  const execution = scope.tools.get(key)
  if (!execution) return
  scope.tools.delete(key)
  execution.fail(error)
}

function wrapExecute(execute: Fn): Fn {
  // The SDK calls `execute(input, runContext, details)` and awaits it.
  const wrapped: Fn = async function (this: unknown, ...args: unknown[]) {
    try {
      return await execute.apply(this, args)
    } catch (error) {
      guard('agents tool failure', () => failExecution(args[2], error))
      throw error
    }
  }
  wrapped[EXECUTE] = true
  // The SDK names a tool after its function when `name` is not given.
  Object.defineProperty(wrapped, 'name', { value: execute.name })
  return wrapped
}

function wrapFactory(tool: Fn): Fn {
  const wrapped: Fn = function (this: unknown, options: any, ...rest: unknown[]) {
    let given = options
    guard('agents tool()', () => {
      if (options && typeof options.execute === 'function' && !options.execute[EXECUTE]) {
        given = { ...options, execute: wrapExecute(options.execute) }
      }
    })
    return tool.call(this, given, ...rest)
  }
  wrapped[WRAPPED] = tool
  return wrapped
}

function replace(exports: any, value: Fn): void {
  try {
    exports.tool = value
  } catch {
    // A CommonJS re-export is a getter without a setter.
    Object.defineProperty(exports, 'tool', { value, configurable: true, enumerable: true, writable: true })
  }
}

/** Wraps the `tool` export of an Agents SDK module's exports, once. Never throws. */
export function patchToolFactory(exports: any): void {
  guard('agents tool() patch', () => {
    const tool = exports?.tool as Fn | undefined
    if (typeof tool !== 'function' || tool[WRAPPED]) return
    replace(exports, wrapFactory(tool))
  })
}

/** Undoes {@link patchToolFactory}. */
export function unpatchToolFactory(exports: any): void {
  guard('agents tool() unpatch', () => {
    const original = (exports?.tool as Fn | undefined)?.[WRAPPED]
    if (original) replace(exports, original)
  })
}
