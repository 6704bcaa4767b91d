/**
 * LangGraph graph runs, seen through the LangChain callbacks every graph run reports: a run whose
 * serialized id is LangGraph's (`langgraph`, `pregel`, `CompiledStateGraph`). A graph that runs a
 * node named `agent` is an agent loop (what `createReactAgent` builds, and the hand-written ReAct
 * graphs of LangGraph's guides): it is one agent invocation from the graph's start, named by the
 * graph (or, when unnamed and nested, by the node that runs it), and its `agent` node runs belong
 * to it. Any other outermost graph is one workflow (`invoke_workflow`); graphs nested in it are
 * steps of that workflow, not workflows of their own. Which it is shows only when a node starts,
 * so a graph is timed from its own start and recorded as one or the other when it ends.
 *
 * LangGraph puts `langgraph_node` (the node's name) in the metadata of every run inside a node,
 * graphs nested there included; a graph without it is an outermost one.
 *
 * @module
 */

import { log } from '../../internal/diag.js'
import type { Recorder } from '../../recording/recorder.js'
import { AgentInvocation } from '../../tracking/agent.js'
import { startWorkflow, type WorkflowInvocation } from '../../tracking/workflow.js'

type Dict = Record<string, any>

/** LangGraph's default graph name, which names no graph in particular. */
const DEFAULT_NAME = 'LangGraph'
/** The model node of LangGraph's prebuilt ReAct agent. */
const AGENT_NODE = 'agent'

interface GraphRun {
  readonly name: string
  readonly startedAt: number
  /** The workflow it is, while it is not known to be an agent (outermost graphs only). */
  workflow?: WorkflowInvocation
  agent?: AgentInvocation
}

/** Whether `serialized` is a LangGraph graph's. */
export function isGraph(serialized: Dict | undefined): boolean {
  const id = serialized?.id
  return Array.isArray(id) && id[0] === 'langgraph'
}

/** The graph runs in progress, by run id. */
export class GraphRuns {
  private readonly runs = new Map<string, GraphRun>()

  constructor(private readonly limit: number) {}

  has(runId: string): boolean {
    return this.runs.has(runId)
  }

  /** A graph run started; `agent` when it is already known to be an agent invocation. */
  start(
    runId: string,
    name: string,
    metadata: Dict | undefined,
    recorder: Recorder,
    agent?: AgentInvocation,
  ) {
    if (this.runs.size >= this.limit || this.runs.has(runId)) return
    const node = metadata?.langgraph_node
    const nested = typeof node === 'string'
    const own = name === DEFAULT_NAME && nested ? node : name
    const run: GraphRun = { name: own, startedAt: performance.now(), agent }
    if (!agent && !nested) run.workflow = startWorkflow(name, recorder)
    this.runs.set(runId, run)
  }

  /**
   * A node of graph `graphRunId` started. Returns the graph's agent invocation when the node is
   * its model node (the graph is then an agent, recorded from its own start), else undefined.
   */
  node(graphRunId: string, metadata: Dict | undefined, recorder: Recorder): AgentInvocation | undefined {
    const run = this.runs.get(graphRunId)
    if (!run || metadata?.langgraph_node !== AGENT_NODE) return undefined
    if (!run.agent) {
      try {
        run.agent = new AgentInvocation(run.name, recorder, {}, run.startedAt)
      } catch (err) {
        log.debug('could not start a LangGraph agent invocation', err)
        return undefined
      }
      // The workflow it looked like is dropped unended: it records nothing.
      run.workflow = undefined
    }
    return run.agent
  }

  /** The graph run ended (with `error` when it failed); `true` when it was one of ours. */
  end(runId: string, error?: { error: unknown }): boolean {
    const run = this.runs.get(runId)
    if (!run) return false
    this.runs.delete(runId)
    const tracker = run.agent ?? run.workflow
    if (error) tracker?.fail(error.error)
    else tracker?.end()
    return true
  }
}
