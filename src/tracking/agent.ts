/**
 * Agent and tool trackers, the same shape as the LLM call tracker: start, then end or fail once.
 * `withAgent` and `withTool` time an async function, record its outcome and hand back exactly
 * what it returned or threw. LLM calls and tools started inside `withAgent` are counted per
 * invocation through async context.
 *
 * @module
 */
import { type Attributes, createNoopMeter } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { guard } from '../internal/guard.js'
import { Recorder } from '../recording/recorder.js'
import { defaultRecorder } from '../recording/registry.js'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  OTHER_VALUE,
} from '../semconv/attributes.js'
import { classifyError, type ErrorType, isErrorType } from '../semconv/error-types.js'
import { type AgentScope, agentContext, currentAgent } from './context.js'

const now = () => performance.now()

function nameOf(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : OTHER_VALUE
}

/** What is known about an agent invocation when it starts. */
export interface AgentOptions {
  /** The model the agent is configured with (`gen_ai.request.model`). */
  model?: string
  /** The provider of that model (`gen_ai.provider.name`), when known. */
  provider?: string
}

/** What is known about a tool execution when it starts. */
export interface ToolOptions {
  /** `gen_ai.tool.type`: `function`, `extension` (runs on an agent-side service, e.g. MCP) or `datastore`. */
  type?: string
}

/** One agent invocation in flight. */
export class AgentInvocation {
  readonly scope: AgentScope
  private readonly recorder: Recorder
  private readonly attrs: Attributes
  private readonly startedAt = now()
  private finished = false

  constructor(
    agentName: string,
    recorder: Recorder,
    readonly options: AgentOptions = {},
  ) {
    this.recorder = recorder
    const name = recorder.limiter.admit(ATTR_GEN_AI_AGENT_NAME, nameOf(agentName))
    this.attrs = { [ATTR_GEN_AI_AGENT_NAME]: name }
    this.scope = { agentName: name, inferenceCalls: 0, toolCalls: 0 }
    recorder.instruments.agentActiveSessions.add(1, this.attrs)
  }

  /**
   * Runs `fn` inside this invocation: LLM calls and tools started in it (and in what it awaits)
   * are counted as this invocation's. Returns exactly what `fn` returns.
   */
  run<T>(fn: () => T): T {
    return agentContext.run(this.scope, fn)
  }

  /** Ends the invocation successfully. */
  end(): void {
    guard('agent end', () => this.finish(undefined))
  }

  /** Ends the invocation as failed. */
  fail(error: unknown, errorType?: ErrorType): void {
    guard('agent fail', () =>
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

  constructor(
    toolName: string,
    recorder: Recorder,
    readonly options: ToolOptions = {},
  ) {
    this.recorder = recorder
    this.attrs = { [ATTR_GEN_AI_TOOL_NAME]: recorder.limiter.admit(ATTR_GEN_AI_TOOL_NAME, nameOf(toolName)) }
    const agent = currentAgent()
    if (agent) agent.toolCalls++
  }

  end(): void {
    guard('tool end', () => this.finish(undefined))
  }

  fail(error: unknown, errorType?: ErrorType): void {
    guard('tool fail', () =>
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

/**
 * Starts an agent invocation by hand, in `recorder` (default: the running instance's). Prefer
 * {@link withAgent}, which also counts the LLM and tool calls made inside it. Never throws; when
 * tracking cannot start, `end()` and `fail()` of the invocation returned do nothing.
 *
 * @example
 * const invocation = startAgent('planner')
 * try { await plan(); invocation.end() } catch (err) { invocation.fail(err); throw err }
 */
export function startAgent(agentName: string, options?: AgentOptions, recorder?: Recorder): AgentInvocation {
  try {
    return new AgentInvocation(agentName, recorder ?? defaultRecorder(), options)
  } catch (err) {
    log.debug('startAgent failed', err)
    return ended(new AgentInvocation(OTHER_VALUE, new Recorder(createNoopMeter())))
  }
}

/**
 * Starts a tool execution by hand. Never throws, like {@link startAgent}.
 *
 * @example
 * const execution = startTool('search')
 * const hits = await search(q)
 * execution.end()
 */
export function startTool(toolName: string, options?: ToolOptions, recorder?: Recorder): ToolExecution {
  try {
    return new ToolExecution(toolName, recorder ?? defaultRecorder(), options)
  } catch (err) {
    log.debug('startTool failed', err)
    return ended(new ToolExecution(OTHER_VALUE, new Recorder(createNoopMeter())))
  }
}

function ended<T extends { end(): void }>(tracker: T): T {
  tracker.end()
  return tracker
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
export async function withAgent<T>(
  agentName: string,
  fn: () => Promise<T> | T,
  options?: AgentOptions,
): Promise<T> {
  const invocation = startAgent(agentName, options)
  try {
    const result = await invocation.run(fn)
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
export async function withTool<T>(
  toolName: string,
  fn: () => Promise<T> | T,
  options?: ToolOptions,
): Promise<T> {
  const execution = startTool(toolName, options)
  try {
    const result = await fn()
    execution.end()
    return result
  } catch (err) {
    execution.fail(err)
    throw err
  }
}
