/**
 * `Runner.prototype.run` (which the SDK's `run()` also goes through) runs inside a {@link RunScope},
 * and each Runner gets, once, listeners on its own lifecycle events (the SDK's run hooks, emitted
 * whether tracing is on or off): `agent_start` starts an invocation, `agent_handoff` counts a
 * handoff and ends the invoking agent's invocation, `agent_end` ends it, `agent_tool_start` and
 * `agent_tool_end` bracket a tool execution. The run's own promise (or a streamed run's
 * `completed`) ends what is left open, and a rejection fails it.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import type { RecorderSource } from '../../recording/registry.js'
import { startTool } from '../../tracking/agent.js'
import { recordHandoff } from '../../tracking/agent-events.js'
import { observe, unwrapMethod, wrapMethod } from '../shared/own-method.js'
import { toolTypeOf } from './describe.js'
import {
  currentRun,
  endInvocation,
  failRun,
  finishRun,
  invoke,
  type RunScope,
  runContext,
} from './run-scope.js'

const LISTENING = Symbol.for('llmeter.agents.listening')

function toolKey(tool: unknown, details: any): unknown {
  return details?.toolCall?.callId ?? details?.toolCall ?? tool
}

function listen(runner: any): void {
  if (runner[LISTENING] || typeof runner.on !== 'function') return
  runner[LISTENING] = true
  const on = (event: string, fn: (scope: RunScope, ...args: any[]) => void) =>
    runner.on(event, (...args: any[]) => {
      const scope = currentRun()
      if (scope && scope.runner === runner) guard(`agents ${event}`, () => fn(scope, ...args))
    })
  on('agent_start', (scope, _context, agent) => invoke(scope, agent))
  on('agent_handoff', (scope, _context, from) => {
    recordHandoff(scope.recorder, from?.name)
    endInvocation(scope)
  })
  on('agent_end', (scope) => endInvocation(scope))
  on('agent_tool_start', (scope, _context, agent, tool, details) => {
    const start = () => startTool(String(tool?.name ?? ''), { type: toolTypeOf(agent, tool) }, scope.recorder)
    const invocation = scope.current?.invocation
    scope.tools.set(toolKey(tool, details), invocation ? invocation.run(start) : start())
  })
  on('agent_tool_end', (scope, _context, _agent, tool, _output, details) => {
    const key = toolKey(tool, details)
    scope.tools.get(key)?.end()
    scope.tools.delete(key)
  })
}

/** Patches the `Runner` class of `@openai/agents-core`; `defaultModel` is the SDK's `getDefaultModel`. */
export function patchRunner(Runner: any, recorder: RecorderSource, defaultModel?: () => unknown): void {
  wrapMethod(
    Runner?.prototype,
    'run',
    (original) =>
      function (this: any, agent: unknown, ...rest: unknown[]) {
        let scope: RunScope | undefined
        try {
          listen(this)
          scope = { recorder: recorder(), runner: this, defaultModel, tools: new Map() }
          invoke(scope, agent)
        } catch {
          scope = undefined
        }
        if (!scope) return original.call(this, agent, ...rest)
        const s = scope
        const result = runContext.run(s, () => original.call(this, agent, ...rest))
        observe(
          result,
          (r: any) => {
            const completed = r && typeof r === 'object' && 'completed' in r ? r.completed : undefined
            if (completed && typeof completed.then === 'function')
              observe(
                completed,
                () => finishRun(s),
                (e) => failRun(s, e),
              )
            else finishRun(s)
          },
          (e) => failRun(s, e),
        )
        return result
      },
  )
}

/** Undoes {@link patchRunner}. */
export function unpatchRunner(Runner: any): void {
  unwrapMethod(Runner?.prototype, 'run')
}
