/**
 * Agent and tool trackers, the same shape as the LLM call tracker: start, then end or fail once.
 * `withAgent` and `withTool` time an async function, record its outcome and hand back exactly
 * what it returned or threw. LLM calls and tools started inside `withAgent` are counted per
 * invocation through async context.
 *
 * @module
 */
import type { Attributes } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { quietly } from '../internal/safe.js'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  OTHER_VALUE,
} from '../semconv/attributes.js'
import { classifyError, type ErrorType, isErrorType } from '../semconv/error-types.js'
import { type AgentScope, agentContext, currentAgent } from './context.js'
import { currentRecorder, type Recorder } from './recorder.js'

const now = () => performance.now()

function nameOf(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : OTHER_VALUE
}

/** One agent invocation in flight. */
export class AgentInvocation {
  readonly scope: AgentScope
  private readonly recorder: Recorder
  private readonly attrs: Attributes
  private readonly startedAt = now()
  private finished = false

  constructor(agentName: string, recorder: Recorder = currentRecorder()) {
    this.recorder = recorder
    const name = recorder.limiter.admit(ATTR_GEN_AI_AGENT_NAME, nameOf(agentName))
    this.attrs = { [ATTR_GEN_AI_AGENT_NAME]: name }
    this.scope = { agentName: name, inferenceCalls: 0, toolCalls: 0 }
    recorder.instruments.agentActiveSessions.add(1, this.attrs)
  }

  /** Ends the invocation successfully. */
  end(): void {
    quietly('agent end', () => this.finish(undefined))
  }

  /** Ends the invocation as failed. */
  fail(error: unknown, errorType?: ErrorType): void {
    quietly('agent fail', () =>
      this.finish(errorType !== undefined && isErrorType(errorType) ? errorType : classifyError(error)),
    )
  }

  private finish(errorType: ErrorType | undefined): void {
    if (this.finished) {
      log.debug('an agent invocation was ended twice; ignored')
      return
    }
    this.finished = true
    const i = this.recorder.instruments
    i.agentActiveSessions.add(-1, this.attrs)
    const outcome = errorType === undefined ? this.attrs : { ...this.attrs, [ATTR_ERROR_TYPE]: errorType }
    i.agentDuration.record((now() - this.startedAt) / 1000, outcome)
    i.agentInvocations.add(1, outcome)
    i.agentInferenceCalls.record(this.scope.inferenceCalls, this.attrs)
    i.agentToolCalls.record(this.scope.toolCalls, this.attrs)
  }
}

/** One tool execution in flight. */
export class ToolExecution {
  private readonly recorder: Recorder
  private readonly attrs: Attributes
  private readonly startedAt = now()
  private finished = false

  constructor(toolName: string, recorder: Recorder = currentRecorder()) {
    this.recorder = recorder
    this.attrs = { [ATTR_GEN_AI_TOOL_NAME]: recorder.limiter.admit(ATTR_GEN_AI_TOOL_NAME, nameOf(toolName)) }
    const agent = currentAgent()
    if (agent) agent.toolCalls++
  }

  end(): void {
    quietly('tool end', () => this.finish(undefined))
  }

  fail(error: unknown, errorType?: ErrorType): void {
    quietly('tool fail', () =>
      this.finish(errorType !== undefined && isErrorType(errorType) ? errorType : classifyError(error)),
    )
  }

  private finish(errorType: ErrorType | undefined): void {
    if (this.finished) {
      log.debug('a tool execution was ended twice; ignored')
      return
    }
    this.finished = true
    const outcome = errorType === undefined ? this.attrs : { ...this.attrs, [ATTR_ERROR_TYPE]: errorType }
    this.recorder.instruments.toolDuration.record((now() - this.startedAt) / 1000, outcome)
    this.recorder.instruments.toolExecutions.add(1, outcome)
  }
}

function guarded<T>(make: () => T): T | undefined {
  try {
    return make()
  } catch (err) {
    log.debug('tracker start failed', err)
    return undefined
  }
}

/**
 * Starts an agent invocation by hand. Prefer {@link withAgent}, which also counts the LLM and tool
 * calls made inside it.
 */
export function startAgent(agentName: string): AgentInvocation | undefined {
  return guarded(() => new AgentInvocation(agentName))
}

/** Starts a tool execution by hand. */
export function startTool(toolName: string): ToolExecution | undefined {
  return guarded(() => new ToolExecution(toolName))
}

/**
 * Runs `fn` as one invocation of agent `agentName`: records its duration and outcome, and the
 * number of LLM and tool calls made inside it. Returns (or throws) exactly what `fn` does.
 *
 * @example
 * const answer = await withAgent('support-bot', async () => {
 *   const plan = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages })
 *   return withTool('search', () => search(plan))
 * })
 */
export async function withAgent<T>(agentName: string, fn: () => Promise<T> | T): Promise<T> {
  const invocation = startAgent(agentName)
  if (!invocation) return fn()
  try {
    const result = await agentContext.run(invocation.scope, fn)
    invocation.end()
    return result
  } catch (err) {
    invocation.fail(err)
    throw err
  }
}

/**
 * Runs `fn` as one execution of tool `toolName`, recording its duration and outcome. Returns (or
 * throws) exactly what `fn` does.
 *
 * @example
 * const rows = await withTool('sql', () => db.query(sql))
 */
export async function withTool<T>(toolName: string, fn: () => Promise<T> | T): Promise<T> {
  const execution = startTool(toolName)
  if (!execution) return fn()
  try {
    const result = await fn()
    execution.end()
    return result
  } catch (err) {
    execution.fail(err)
    throw err
  }
}
