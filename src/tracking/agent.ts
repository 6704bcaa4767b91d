/**
 * Agent and tool trackers, the same shape as the LLM call tracker: start, then end or fail once.
 * `withAgent` and `withTool` time an async function, record its outcome and hand back exactly
 * what it returned or threw. LLM calls and tools started inside `withAgent` are counted per
 * invocation through async context, and a tool knows the agent it runs in from there.
 *
 * What each records follows the agent and tool metrics merged in the GenAI conventions
 * (`gen_ai.invoke_agent.*`, `gen_ai.execute_tool.duration`); `src/semconv/metrics.ts` lists the
 * attribute keys of each.
 *
 * @module
 */
import { type Attributes, createNoopMeter } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { Recorder } from '../recording/recorder.js'
import { defaultRecorder } from '../recording/registry.js'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  OTHER_VALUE,
} from '../semconv/attributes.js'
import type { ErrorType } from '../semconv/error-types.js'
import { type AgentScope, agentContext, currentAgent } from './context.js'
import { nameOf, Outcome, withErrorType } from './outcome.js'

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

function optional(recorder: Recorder, key: string, value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? recorder.limiter.admit(key, value) : undefined
}

function defined(attrs: Record<string, string | undefined>): Attributes {
  const out: Attributes = {}
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) out[key] = value
  return out
}

/** One agent invocation in flight. */
export class AgentInvocation extends Outcome {
  readonly scope: AgentScope
  protected readonly what = 'agent invocation'
  private readonly recorder: Recorder
  /** `gen_ai.agent.name` alone: the call-count histograms and the active sessions carry only it. */
  private readonly nameAttrs: Attributes
  private readonly durationAttrs: Attributes
  private readonly counterAttrs: Attributes

  /** `startedAt`: for an instrumentation that learns a run is an agent after it began. */
  constructor(
    agentName: string,
    recorder: Recorder,
    readonly options: AgentOptions = {},
    startedAt?: number,
  ) {
    super(startedAt)
    this.recorder = recorder
    const name = recorder.limiter.admit(ATTR_GEN_AI_AGENT_NAME, nameOf(agentName))
    const model = optional(recorder, ATTR_GEN_AI_REQUEST_MODEL, options?.model)
    const provider = optional(recorder, ATTR_GEN_AI_PROVIDER_NAME, options?.provider)
    this.nameAttrs = { [ATTR_GEN_AI_AGENT_NAME]: name }
    this.durationAttrs = defined({ [ATTR_GEN_AI_AGENT_NAME]: name, [ATTR_GEN_AI_REQUEST_MODEL]: model })
    this.counterAttrs = defined({
      [ATTR_GEN_AI_AGENT_NAME]: name,
      [ATTR_GEN_AI_PROVIDER_NAME]: provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: model,
    })
    this.scope = { agentName: name, inferenceCalls: 0, toolCalls: 0 }
    recorder.instruments.agentActiveSessions.add(1, this.nameAttrs)
  }

  /**
   * Runs `fn` inside this invocation: LLM calls and tools started in it (and in what it awaits)
   * are counted as this invocation's. Returns exactly what `fn` returns.
   */
  run<T>(fn: () => T): T {
    return agentContext.run(this.scope, fn)
  }

  protected record(seconds: number, errorType: ErrorType | undefined): void {
    const i = this.recorder.instruments
    i.agentActiveSessions.add(-1, this.nameAttrs)
    i.agentDuration.record(seconds, withErrorType(this.durationAttrs, ATTR_ERROR_TYPE, errorType))
    i.agentInvocations.add(1, withErrorType(this.counterAttrs, ATTR_ERROR_TYPE, errorType))
    i.agentInferenceCalls.record(this.scope.inferenceCalls, this.nameAttrs)
    i.agentToolCalls.record(this.scope.toolCalls, this.nameAttrs)
  }
}

/** One tool execution in flight. */
export class ToolExecution extends Outcome {
  protected readonly what = 'tool execution'
  private readonly recorder: Recorder
  private readonly attrs: Attributes

  /** `agent`: the invocation it runs in (default: the one of the async context), counted as its tool call. */
  constructor(
    toolName: string,
    recorder: Recorder,
    readonly options: ToolOptions = {},
    agent: AgentScope | undefined = currentAgent(),
  ) {
    super()
    this.recorder = recorder
    this.attrs = defined({
      [ATTR_GEN_AI_TOOL_NAME]: recorder.limiter.admit(ATTR_GEN_AI_TOOL_NAME, nameOf(toolName)),
      [ATTR_GEN_AI_TOOL_TYPE]: optional(recorder, ATTR_GEN_AI_TOOL_TYPE, options?.type),
      [ATTR_GEN_AI_AGENT_NAME]: agent?.agentName,
    })
    if (agent) agent.toolCalls++
  }

  protected record(seconds: number, errorType: ErrorType | undefined): void {
    const outcome = withErrorType(this.attrs, ATTR_ERROR_TYPE, errorType)
    this.recorder.instruments.toolDuration.record(seconds, outcome)
    this.recorder.instruments.toolExecutions.add(1, outcome)
  }
}

/**
 * Starts an agent invocation by hand, in `recorder` (default: the running instance's). Prefer
 * {@link withAgent}, which also counts the LLM and tool calls made inside it (or call the
 * invocation's `run(fn)`). Never throws; when tracking cannot start, `end()` and `fail()` of the
 * invocation returned do nothing.
 *
 * @example
 * const invocation = startAgent('planner', { model: 'gpt-4o-mini', provider: 'openai' })
 * try { await invocation.run(plan); invocation.end() } catch (err) { invocation.fail(err); throw err }
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
 * Starts a tool execution by hand. Inside an agent invocation it is counted as one of its tool
 * calls and carries its `gen_ai.agent.name`. Never throws, like {@link startAgent}.
 *
 * @example
 * const execution = startTool('search', { type: 'function' })
 * const hits = await search(q)
 * execution.end()
 */
export function startTool(toolName: string, options?: ToolOptions, recorder?: Recorder): ToolExecution {
  return startToolIn(currentAgent(), toolName, options, recorder)
}

/** {@link startTool} for an instrumentation that knows the tool's agent invocation itself. */
export function startToolIn(
  agent: AgentScope | undefined,
  toolName: string,
  options?: ToolOptions,
  recorder?: Recorder,
): ToolExecution {
  try {
    return new ToolExecution(toolName, recorder ?? defaultRecorder(), options, agent)
  } catch (err) {
    log.debug('startTool failed', err)
    return ended(new ToolExecution(OTHER_VALUE, new Recorder(createNoopMeter()), {}, undefined))
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
 * }, { model: 'gpt-4o-mini', provider: 'openai' })
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
 * const rows = await withTool('sql', () => db.query(sql), { type: 'datastore' })
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
