/**
 * llmeter: OpenTelemetry metrics for Node.js LLM and agent applications.
 *
 * `start()` (or `node --import llmeter/register`) serves Prometheus metrics and records every LLM
 * call, agent invocation, tool execution, workflow, retrieval and cache lookup. This entry is the whole public API:
 * the lifecycle, the manual trackers, the explicit integrations and the instrumentation classes.
 * Names, units and attribute constants are in `llmeter/semconv`; the LangChain handler is in
 * `llmeter/langchain`, the Redis spend store in `llmeter/redis`.
 *
 * @module
 */
import { startLlmCall } from './tracking/llm-call.js'

export type { ExporterName, LlmeterOptions, PrometheusOptions, ResolvedConfig } from './config.js'
export type { OtlpOptions } from './exporters/otlp.js'
export {
  type InstrumentOptions,
  instrument,
  llmeterEmbeddingMiddleware,
  llmeterMiddleware,
} from './instrumentations/index.js'
export type { RecordInto } from './recording/registry.js'
export {
  type LlmeterInstance,
  metricsFetchHandler,
  metricsHandler,
  ready,
  shutdown,
  start,
} from './sdk/start.js'
export { type BucketOverrides, llmeterViews } from './sdk/views.js'
export type { ErrorType } from './semconv/error-types.js'
export {
  type AgentInvocation,
  type AgentOptions,
  startAgent,
  startTool,
  type ToolExecution,
  type ToolOptions,
  withAgent,
  withTool,
} from './tracking/agent.js'
export { withAttributes } from './tracking/app-attributes.js'
export { BudgetExceededError } from './tracking/budget-exceeded-error.js'
export { type CacheLookup, recordCacheLookup } from './tracking/cache.js'
export type { LlmCall, LlmCallOptions, LlmCallResult } from './tracking/llm-call.js'
export { type Retrieval, type RetrievalOptions, startRetrieval } from './tracking/retrieval.js'
export type { LlmUsage } from './tracking/usage.js'
export { startWorkflow, type WorkflowInvocation, withWorkflow } from './tracking/workflow.js'

/**
 * The manual LLM call tracker, for providers and frameworks llmeter does not instrument itself.
 * `llm.start(options)` never throws; see {@link LlmCall} for what a call records.
 *
 * @example
 * import { llm } from 'llmeter'
 * const call = llm.start({ provider: 'mistral_ai', model: 'mistral-large-latest', operation: 'chat' })
 * for await (const chunk of stream) call.chunk()
 * call.end({ usage: { inputTokens: 812, outputTokens: 96 } })
 */
export const llm = { start: startLlmCall } as const
