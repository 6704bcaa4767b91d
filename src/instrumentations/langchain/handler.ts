/**
 * LangChain.js: a callback handler that records chat model and LLM runs as LLM calls, tool runs as
 * tool executions, and agent runs as agent invocations (with the LLM and tool runs beneath them
 * counted per invocation). Runs are tracked by run id and end exactly once.
 *
 * Which chain runs are agents: a run whose metadata has `llmeter_agent` (its value names the
 * agent), or whose name contains "agent" (`AgentExecutor`, LangGraph's default "agent" graph).
 * Pass `{ agentNames: [...] }` to name others.
 *
 * When llmeter also patched the provider's SDK at load (ChatOpenAI and ChatAnthropic call the
 * openai and anthropic clients), the SDK patch records the LLM call and this handler leaves it
 * alone, so nothing is counted twice; tools and agents are recorded here either way.
 *
 * @module
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { GEN_AI_OPERATION } from '../../semconv/attributes.js'
import { AgentInvocation, ToolExecution } from '../../tracking/agent.js'
import type { AgentScope } from '../../tracking/context.js'
import { type LlmCall, startLlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { providerName } from '../ai/provider-names.js'
import { isSdkPatched } from '../shared/sdk-patched.js'

type Dict = Record<string, any>

const MAX_OPEN_RUNS = 10_000

function usageOf(output: Dict): { usage?: LlmUsage; model?: string } {
  const generation = output?.generations?.[0]?.[0]
  const message = generation?.message
  const meta = message?.usage_metadata
  const model = message?.response_metadata?.model_name ?? message?.response_metadata?.model
  if (meta && typeof meta === 'object') {
    return {
      model,
      usage: {
        inputTokens: meta.input_tokens,
        outputTokens: meta.output_tokens,
        cacheReadTokens: meta.input_token_details?.cache_read,
        cacheWriteTokens: meta.input_token_details?.cache_creation,
        reasoningTokens: meta.output_token_details?.reasoning,
      },
    }
  }
  const legacy = output?.llmOutput?.tokenUsage ?? output?.llmOutput?.usage
  if (legacy) {
    return {
      model,
      usage: {
        inputTokens: legacy.promptTokens ?? legacy.input_tokens,
        outputTokens: legacy.completionTokens ?? legacy.output_tokens,
      },
    }
  }
  return { model }
}

function lastId(serialized: Dict | undefined): string {
  const id = serialized?.id
  return Array.isArray(id) && id.length > 0 ? String(id[id.length - 1]) : ''
}

export interface LlmeterCallbackHandlerOptions {
  /** Chain run names to treat as agent invocations, besides the default rule. */
  agentNames?: string[]
}

export class LlmeterCallbackHandler extends BaseCallbackHandler {
  name = 'llmeter'
  // Our handlers are synchronous and cheap; awaiting them keeps metrics in step with the run.
  override awaitHandlers = true
  private readonly llmRuns = new Map<string, { call: LlmCall; agent?: AgentScope }>()
  private readonly toolRuns = new Map<string, ToolExecution>()
  private readonly agentRuns = new Map<string, AgentInvocation>()
  /** Each open run's nearest agent invocation, found through parent run ids. */
  private readonly scopes = new Map<string, AgentScope>()
  private readonly agentNames: Set<string>

  constructor(options: LlmeterCallbackHandlerOptions = {}) {
    super()
    this.agentNames = new Set(options.agentNames ?? [])
  }

  private scopeFor(runId: string, parentRunId: string | undefined): AgentScope | undefined {
    const scope = parentRunId ? this.scopes.get(parentRunId) : undefined
    if (scope && this.scopes.size < MAX_OPEN_RUNS) this.scopes.set(runId, scope)
    return scope
  }

  private startLlm(
    serialized: Dict,
    runId: string,
    parentRunId?: string,
    extra?: Dict,
    metadata?: Dict,
  ): void {
    const provider =
      typeof metadata?.ls_provider === 'string'
        ? providerName(metadata.ls_provider)
        : providerName(lastId(serialized))
    const scope = this.scopeFor(runId, parentRunId)
    if (isSdkPatched(provider)) {
      if (scope) scope.inferenceCalls++
      return
    }
    if (this.llmRuns.size >= MAX_OPEN_RUNS) return
    const model =
      metadata?.ls_model_name ?? extra?.invocation_params?.model ?? extra?.invocation_params?.model_name
    const call = startLlmCall({ provider, model, operation: GEN_AI_OPERATION.chat })
    if (scope) scope.inferenceCalls++
    this.llmRuns.set(runId, { call, agent: scope })
  }

  override handleChatModelStart(
    llm: Dict,
    _messages: unknown,
    runId: string,
    parentRunId?: string,
    extra?: Dict,
    _tags?: string[],
    metadata?: Dict,
  ): void {
    this.startLlm(llm, runId, parentRunId, extra, metadata)
  }

  override handleLLMStart(
    llm: Dict,
    _prompts: string[],
    runId: string,
    parentRunId?: string,
    extra?: Dict,
    _tags?: string[],
    metadata?: Dict,
  ): void {
    this.startLlm(llm, runId, parentRunId, extra, metadata)
  }

  override handleLLMNewToken(_token: string, _idx: unknown, runId: string): void {
    this.llmRuns.get(runId)?.call.chunk()
  }

  override handleLLMEnd(output: Dict, runId: string): void {
    const run = this.llmRuns.get(runId)
    this.scopes.delete(runId)
    if (!run) return
    this.llmRuns.delete(runId)
    const { usage, model } = usageOf(output)
    run.call.end({ usage, responseModel: model })
  }

  override handleLLMError(error: unknown, runId: string): void {
    const run = this.llmRuns.get(runId)
    this.scopes.delete(runId)
    if (!run) return
    this.llmRuns.delete(runId)
    run.call.fail(error)
  }

  override handleToolStart(
    tool: Dict,
    _input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Dict,
    runName?: string,
  ): void {
    const scope = this.scopeFor(runId, parentRunId)
    if (scope) scope.toolCalls++
    if (this.toolRuns.size >= MAX_OPEN_RUNS) return
    this.toolRuns.set(runId, new ToolExecution(runName ?? tool?.name ?? lastId(tool)))
  }

  override handleToolEnd(_output: unknown, runId: string): void {
    this.scopes.delete(runId)
    this.toolRuns.get(runId)?.end()
    this.toolRuns.delete(runId)
  }

  override handleToolError(error: unknown, runId: string): void {
    this.scopes.delete(runId)
    this.toolRuns.get(runId)?.fail(error)
    this.toolRuns.delete(runId)
  }

  // The order LangChain calls it with (its .d.ts lists runType before tags; the runtime passes
  // parentRunId there and runType after metadata).
  override handleChainStart(
    chain: Dict,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Dict,
    _runType?: string,
    runName?: string,
  ): void {
    const name =
      typeof metadata?.llmeter_agent === 'string' ? metadata.llmeter_agent : (runName ?? lastId(chain))
    const isAgent =
      typeof metadata?.llmeter_agent === 'string' ||
      this.agentNames.has(name) ||
      /agent/i.test(name) ||
      tags?.includes('agent')
    if (!isAgent || this.agentRuns.size >= MAX_OPEN_RUNS) {
      this.scopeFor(runId, parentRunId)
      return
    }
    const invocation = new AgentInvocation(name)
    this.agentRuns.set(runId, invocation)
    if (this.scopes.size < MAX_OPEN_RUNS) this.scopes.set(runId, invocation.scope)
  }

  override handleChainEnd(_outputs: unknown, runId: string): void {
    this.scopes.delete(runId)
    this.agentRuns.get(runId)?.end()
    this.agentRuns.delete(runId)
  }

  override handleChainError(error: unknown, runId: string): void {
    this.scopes.delete(runId)
    this.agentRuns.get(runId)?.fail(error)
    this.agentRuns.delete(runId)
  }
}
