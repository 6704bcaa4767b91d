/**
 * One `Runner.run()` as llmeter follows it: the agent invocation in progress (a run invokes a
 * new agent at each handoff) and the tool executions started in it. The run's async context
 * carries it, so the runner's lifecycle events, which fire synchronously inside the run, and the
 * model calls made by the run find it without any key: runs of one Runner, concurrent or
 * nested (an agent used as a tool runs its own run inside the outer one), never mix.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { guard } from '../../internal/guard.js'
import type { Recorder } from '../../recording/recorder.js'
import { type AgentInvocation, startAgent, type ToolExecution } from '../../tracking/agent.js'
import { recordGuardrailTrip } from '../../tracking/agent-events.js'
import { modelOf, providerOf, trippedGuardrail } from './describe.js'

export interface RunScope {
  readonly recorder: Recorder
  readonly runner: unknown
  readonly defaultModel: (() => unknown) | undefined
  current?: { agent: unknown; invocation: AgentInvocation }
  readonly tools: Map<unknown, ToolExecution>
  done?: boolean
}

// The run each async context belongs to (see the module comment); process-wide because the
// SDK's classes are.
export const runContext = new AsyncLocalStorage<RunScope>()

/** The scope of the run the caller is inside, if any. */
export function currentRun(): RunScope | undefined {
  return runContext.getStore()
}

/** Starts an invocation of `agent` in `scope`, unless it is the one already in progress. */
export function invoke(scope: RunScope, agent: any): void {
  if (scope.done || scope.current?.agent === agent) return
  endInvocation(scope)
  const invocation = startAgent(
    String(agent?.name ?? ''),
    { model: modelOf(agent, scope.runner, scope.defaultModel), provider: providerOf(agent, scope.runner) },
    scope.recorder,
  )
  scope.current = { agent, invocation }
}

/** Ends the invocation in progress, successfully. */
export function endInvocation(scope: RunScope): void {
  const current = scope.current
  scope.current = undefined
  current?.invocation.end()
}

/** The run resolved: whatever is still open (an interrupted run) ends successfully. */
export function finishRun(scope: RunScope): void {
  guard('agents run end', () => {
    if (scope.done) return
    scope.done = true
    for (const tool of scope.tools.values()) tool.end()
    scope.tools.clear()
    endInvocation(scope)
  })
}

/** The run rejected: a tripped guardrail is counted, and what is open fails with the error. */
export function failRun(scope: RunScope, error: unknown): void {
  guard('agents run fail', () => {
    if (scope.done) return
    scope.done = true
    const tripped = trippedGuardrail(error)
    const agentName = (scope.current?.agent as { name?: unknown } | undefined)?.name
    if (tripped) recordGuardrailTrip(scope.recorder, agentName, tripped.name, tripped.kind)
    for (const tool of scope.tools.values()) tool.fail(error)
    scope.tools.clear()
    const current = scope.current
    scope.current = undefined
    current?.invocation.fail(error)
  })
}
