/**
 * llmeter: OpenTelemetry metrics for Node.js LLM and agent applications.
 *
 * `start()` (or `node --import llmeter/register`) serves Prometheus metrics and records every LLM
 * call, agent invocation, tool execution and cache lookup through one call tracker. The manual API
 * below is what instrumentations use too.
 *
 * @module
 */
import { startLlmCall } from './tracking/llm-call.js'

export {
  type BudgetConfig,
  BudgetManager,
  FileSpendStore,
  loadBudgetsFile,
  MemorySpendStore,
  type SpendStore,
  validateBudgets,
} from './budgets/index.js'
export type { ExporterName, LlmeterOptions, PrometheusOptions, ResolvedConfig } from './config.js'
export type { OtlpOptions } from './exporters/otlp.js'
export { prometheusLabelName, prometheusMetricName } from './exporters/prometheus/naming.js'
export {
  AnthropicInstrumentation,
  instrument,
  llmeterEmbeddingMiddleware,
  llmeterMiddleware,
  OpenAIInstrumentation,
  VercelAiInstrumentation,
} from './instrumentations/index.js'
export { createPricer, type Pricer, type UserPriceTable } from './pricing/index.js'
export { getInstance, type LlmeterInstance, metricsHandler, ready, shutdown, start } from './sdk/start.js'
export { type BucketOverrides, llmeterViews } from './sdk/views.js'
export * from './semconv/index.js'
export {
  AgentInvocation,
  startAgent,
  startTool,
  ToolExecution,
  withAgent,
  withTool,
} from './tracking/agent.js'
export { BudgetExceededError } from './tracking/budget-exceeded-error.js'
export { type CacheLookup, recordCacheLookup } from './tracking/cache.js'
export { LlmCall, type LlmCallOptions, type LlmCallResult, startLlmCall } from './tracking/llm-call.js'
export type { LlmUsage } from './tracking/usage.js'

/**
 * The manual LLM call tracker, for providers and frameworks llmeter does not instrument itself.
 *
 * @example
 * import { llm } from 'llmeter'
 * const call = llm.start({ provider: 'mistral_ai', model: 'mistral-large-latest', operation: 'chat' })
 * for await (const chunk of stream) call.chunk()
 * call.end({ usage: { inputTokens: 812, outputTokens: 96 } })
 */
export const llm = { start: startLlmCall } as const
