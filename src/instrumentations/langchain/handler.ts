/**
 * LangChain.js: a callback handler that records chat model and LLM runs as LLM calls (streamed
 * tokens as output chunks), tool runs as tool executions, and agent runs as agent invocations
 * with the LLM and tool runs beneath them counted per invocation. Runs are tracked by run id and
 * end exactly once. Nothing of a run's input or output is read but its token counts and model.
 *
 * Which chain runs are agents: a run whose metadata has `llmeter_agent` (its value names the
 * agent), a run tagged `agent`, a run named in `agentNames`, or a run whose name contains "agent"
 * (`AgentExecutor`, LangGraph's `createReactAgent` graph named "agent", a runnable given
 * `runName: 'support-agent'`), unless its parent run is an invocation of the same agent (tags and
 * metadata are inherited by child runs). LangGraph graph runs are agent invocations or workflows,
 * as graphs.ts says. Other chains are not recorded.
 *
 * When llmeter also patched the provider's SDK at load (ChatOpenAI and ChatAnthropic call the
 * openai and anthropic clients), the SDK patch records the LLM call and this handler leaves it,
 * so nothing is counted twice (it is still counted as an inference call of its agent); tools,
 * agents and workflows are recorded here either way. Tools are `function` tools, with the name of
 * the agent invocation they run under.
 *
 * @module
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { type RecorderSource, type RecordInto, sourceFor } from '../../recording/registry.js'
import { GEN_AI_OPERATION, GEN_AI_TOOL_TYPE, RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import { type AgentInvocation, startAgent, startToolIn, type ToolExecution } from '../../tracking/agent.js'
import type { AgentScope } from '../../tracking/context.js'
import { type LlmCall, startLlmCall } from '../../tracking/llm-call.js'
import { type Retrieval, startRetrieval } from '../../tracking/retrieval.js'
import { forget, whenCollected } from '../shared/lifetime.js'
import { providerName } from '../shared/provider-names.js'
import { isSdkPatched } from '../shared/sdk-patched.js'
import { GraphRuns, isGraph } from './graphs.js'
import { runUsage } from './usage.js'

type Dict = Record<string, any>

/** Open runs kept at most per map: a host that never ends runs cannot grow our memory. */
const MAX_OPEN_RUNS = 10_000

interface LlmRun {
  call: LlmCall
}

function lastId(serialized: Dict | undefined): string {
  const id = serialized?.id
  return Array.isArray(id) && id.length > 0 ? String(id[id.length - 1]) : ''
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** The automatic mode hands its instrumentation's recorder source under this key. */
const SOURCE = Symbol('llmeter.recorder-source')
type InternalOptions = LlmeterCallbackHandlerOptions & { [SOURCE]?: RecorderSource }

export interface LlmeterCallbackHandlerOptions extends RecordInto {
  /** Chain run names to treat as agent invocations, besides the default rule. */
  agentNames?: string[]
}

/**
 * Pass it in `callbacks` (explicit mode); `llmeter/register` adds one to every run by itself.
 *
 * @example
 * import { LlmeterCallbackHandler } from 'llmeter/langchain'
 * await model.invoke('Hello', { callbacks: [new LlmeterCallbackHandler()] })
 */
export class LlmeterCallbackHandler extends BaseCallbackHandler {
  name = 'llmeter'
  // Our handlers are synchronous and cheap; awaiting them keeps metrics in step with the run.
  override awaitHandlers = true
  private readonly llmRuns = new Map<string, LlmRun>()
  private readonly toolRuns = new Map<string, ToolExecution>()
  private readonly agentRuns = new Map<string, AgentInvocation>()
  /** Each open run's nearest agent invocation, found through parent run ids. */
  private readonly scopes = new Map<string, AgentScope>()
  private readonly graphs = new GraphRuns(MAX_OPEN_RUNS)
  private readonly agentNames: Set<string>
  private readonly recorder: RecorderSource

  constructor(options: LlmeterCallbackHandlerOptions = {}) {
    super()
    this.agentNames = new Set(options.agentNames ?? [])
    this.recorder = (options as InternalOptions)[SOURCE] ?? sourceFor(options.meterProvider)
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
    const provider = providerName(text(metadata?.ls_provider) ?? lastId(serialized))
    const scope = this.scopeFor(runId, parentRunId)
    if (scope) scope.inferenceCalls++
    if (isSdkPatched(provider) || this.llmRuns.size >= MAX_OPEN_RUNS || this.llmRuns.has(runId)) return
    const params = extra?.invocation_params
    const model = text(metadata?.ls_model_name) ?? text(params?.model) ?? text(params?.model_name)
    const operation =
      metadata?.ls_model_type === 'llm' ? GEN_AI_OPERATION.textCompletion : GEN_AI_OPERATION.chat
    const run: LlmRun = { call: startLlmCall({ provider, model, operation }, this.recorder()) }
    this.llmRuns.set(runId, run)
    whenCollected(extra?.options, () => this.takeLlm(runId)?.call.cancel(), run)
  }

  private takeLlm(runId: string): LlmRun | undefined {
    this.scopes.delete(runId)
    const run = this.llmRuns.get(runId)
    if (!run) return undefined
    this.llmRuns.delete(runId)
    forget(run)
    return run
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
    const run = this.takeLlm(runId)
    if (!run) return
    const { usage, model } = runUsage(output)
    run.call.end({ usage, responseModel: model })
  }

  override handleLLMError(error: unknown, runId: string): void {
    this.takeLlm(runId)?.call.fail(error)
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
    if (this.toolRuns.size >= MAX_OPEN_RUNS || this.toolRuns.has(runId)) return
    const name = runName ?? tool?.name ?? lastId(tool)
    this.toolRuns.set(runId, startToolIn(scope, name, { type: GEN_AI_TOOL_TYPE.function }, this.recorder()))
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

  // The order LangChain calls it with (@langchain/core 1.x passes parentRunId, tags, metadata,
  // runType, runName after the run id).
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
    const named = text(metadata?.llmeter_agent)
    const name = named ?? text(runName) ?? lastId(chain)
    // A LangGraph graph's model node belongs to the agent invocation the graph is.
    const graphAgent = parentRunId ? this.graphs.node(parentRunId, metadata, this.recorder()) : undefined
    if (graphAgent) {
      if (parentRunId && this.scopes.size < MAX_OPEN_RUNS) this.scopes.set(parentRunId, graphAgent.scope)
      if (this.scopes.size < MAX_OPEN_RUNS) this.scopes.set(runId, graphAgent.scope)
      return
    }
    // Tags and metadata are inherited by child runs, and LangGraph names a graph's model node like
    // the graph: a run named like the agent it runs in is part of it, not a new invocation.
    const parent = parentRunId ? this.scopes.get(parentRunId) : undefined
    const isAgent =
      parent?.agentName !== name &&
      (named !== undefined ||
        this.agentNames.has(name) ||
        /agent/i.test(name) ||
        tags?.includes('agent') === true)
    if (!isAgent || this.agentRuns.size >= MAX_OPEN_RUNS || this.agentRuns.has(runId)) {
      if (isGraph(chain)) this.graphs.start(runId, name, metadata, this.recorder())
      this.scopeFor(runId, parentRunId)
      return
    }
    const invocation = startAgent(name, {}, this.recorder())
    if (isGraph(chain)) this.graphs.start(runId, name, metadata, this.recorder(), invocation)
    else this.agentRuns.set(runId, invocation)
    if (this.scopes.size < MAX_OPEN_RUNS) this.scopes.set(runId, invocation.scope)
  }

  override handleChainEnd(_outputs: unknown, runId: string): void {
    this.scopes.delete(runId)
    if (this.graphs.end(runId)) return
    this.agentRuns.get(runId)?.end()
    this.agentRuns.delete(runId)
  }

  override handleChainError(error: unknown, runId: string): void {
    this.scopes.delete(runId)
    if (this.graphs.end(runId, { error })) return
    this.agentRuns.get(runId)?.fail(error)
    this.agentRuns.delete(runId)
  }

  // Retriever runs are retrievals. A vector-store retriever's run is tagged with its store's type
  // (`chroma`, `qdrant`, `pinecone`, ...): when llmeter patched that store's client at load, the
  // client patch records the query (with its collection, server and the store's own result) and
  // the run is left to it, so it counts once. A retrieval is not a tool call of its agent.
  override handleRetrieverStart(
    retriever: Dict,
    _query: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    _metadata?: Dict,
    name?: string,
  ): void {
    this.scopeFor(runId, parentRunId)
    const store = tags?.find((tag) => RETRIEVER_STORES.has(tag))
    if (store !== undefined && isSdkPatched(store)) return
    if (this.retrieverRuns.size >= MAX_OPEN_RUNS || this.retrieverRuns.has(runId)) return
    const provider = store ?? text(name) ?? lastId(retriever)
    this.retrieverRuns.set(runId, startRetrieval({ provider }, this.recorder()))
  }

  override handleRetrieverEnd(documents: unknown[], runId: string): void {
    this.scopes.delete(runId)
    this.retrieverRuns.get(runId)?.end(Array.isArray(documents) ? documents.length : undefined)
    this.retrieverRuns.delete(runId)
  }

  override handleRetrieverError(error: unknown, runId: string): void {
    this.scopes.delete(runId)
    this.retrieverRuns.get(runId)?.fail(error)
    this.retrieverRuns.delete(runId)
  }

  /** Open retriever runs (declared last: the retriever methods are kept together at the end). */
  private readonly retrieverRuns = new Map<string, Retrieval>()
}

/**
 * LangChain's vector-store types (`_vectorstoreType()`, a tag on the retriever run) of the stores
 * llmeter instruments, named as their `gen_ai.provider.name`.
 */
const RETRIEVER_STORES: ReadonlySet<string> = new Set(Object.values(RETRIEVAL_PROVIDER))

/** The handler the automatic mode adds to every run, recording into `recorder()`. */
export function createCallbackHandler(recorder: RecorderSource): LlmeterCallbackHandler {
  return new LlmeterCallbackHandler({ [SOURCE]: recorder } as InternalOptions)
}
