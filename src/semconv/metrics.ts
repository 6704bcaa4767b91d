/**
 * The metric contract: every instrument llmeter creates, with its OTel name, kind, unit,
 * description, bucket advice and the attribute keys it may carry (its allow-list).
 *
 * GenAI names follow the OTel GenAI semantic conventions v1.41; the agent, tool and workflow
 * metrics, which v1.41 lacks, follow the definitions merged since in semantic-conventions-genai;
 * what no convention covers lives under `llmeter.`. This is the one place names are typed: Prometheus names are derived from these
 * by the exporter's naming rule, and the monitoring assets and docs are checked against them.
 *
 * @module
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_LLMETER_ATTRIBUTE_KEY,
  ATTR_LLMETER_BUDGET_ACTION,
  ATTR_LLMETER_BUDGET_NAME,
  ATTR_LLMETER_BUDGET_WINDOW,
  ATTR_LLMETER_CACHE_RESULT,
  ATTR_LLMETER_CACHE_TYPE,
  ATTR_LLMETER_COST_TYPE,
  ATTR_LLMETER_GUARDRAIL_KIND,
  ATTR_LLMETER_GUARDRAIL_NAME,
  ATTR_LLMETER_RATE_LIMIT_KIND,
  ATTR_LLMETER_REQUEST_STREAM,
  ATTR_LLMETER_RETRY_REASON,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from './attributes.js'
import { COST_PARTS, USAGE_KINDS } from './usage-kinds.js'

/** The semantic-conventions release these names were taken from. */
export const SEMCONV_VERSION = '1.41.0'
export const SCHEMA_URL = `https://opentelemetry.io/schemas/${SEMCONV_VERSION}`

export type InstrumentKind = 'counter' | 'updowncounter' | 'histogram' | 'gauge'

export interface MetricDefinition {
  readonly name: string
  readonly kind: InstrumentKind
  readonly unit: string
  readonly description: string
  /** Explicit bucket boundaries (histograms only): the default View sets these. */
  readonly buckets?: readonly number[]
  /** The only attribute keys this instrument records. */
  readonly attributes: readonly string[]
  /**
   * Set on asynchronous instruments: who reports their values at collection time (the
   * pre-aggregated call series, the budget manager, or the runtime collectors of llmeter's own
   * provider). The others are created synchronous.
   */
  readonly reportedBy?: 'call-series' | 'budgets' | 'runtime'
}

/** Semconv advice for `gen_ai.client.operation.duration` and the other second-valued GenAI histograms. */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
] as const
/** Semconv advice for `gen_ai.client.token.usage`. */
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
] as const
/**
 * The HTTP server duration of `@opentelemetry/instrumentation-http` (stable HTTP semconv), which
 * llmeter enables and whose buckets its Views set: the conventions' advice stops at 10 s, and a
 * chat route that streams a completion takes 30 to 120 s, so LLM-length buckets are appended.
 */
export const HTTP_SERVER_DURATION = {
  name: 'http.server.request.duration',
  meterName: '@opentelemetry/instrumentation-http',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 30, 60, 120, 300],
} as const
/*
 * Agent, tool and workflow metrics: no released convention defines them (v1.41 has none); these are
 * the definitions merged in open-telemetry/semantic-conventions-genai (model/gen-ai/metrics.yaml),
 * not released yet. docs/architecture.md says why the default emits them.
 */
/** Advice for `gen_ai.invoke_agent.duration`: 0.1 s doubling to 409.6 s. */
export const AGENT_DURATION_BUCKETS = [
  0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6,
] as const
/** Advice for `gen_ai.invoke_agent.inference_calls` and `.tool_calls`: 1 doubling to 128. */
export const CALLS_PER_INVOCATION_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128] as const
/** Advice for `gen_ai.invoke_workflow.duration`, from a second to two hours. */
export const WORKFLOW_DURATION_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200] as const

/** `gen_ai.execute_tool.duration`'s keys; our executions counter keeps the same. */
const TOOL_KEYS = [
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_ERROR_TYPE,
] as const

/**
 * Bucket advice of the MCP operation and session durations (semantic-conventions-genai,
 * docs/gen-ai/mcp.md).
 */
export const MCP_DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] as const

/**
 * The MCP operation attributes we record (the conventions' `mcp.operation.metrics.attributes`
 * less the opt-in `mcp.resource.uri`, unbounded, and the JSON-RPC version, always `2.0` here).
 */
const MCP_OPERATION_KEYS = [
  ATTR_MCP_METHOD_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_ERROR_TYPE,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_NETWORK_TRANSPORT,
  ATTR_NETWORK_PROTOCOL_NAME,
] as const
/** The MCP session attributes we record (`mcp.session.metrics.attributes`). */
const MCP_SESSION_KEYS = [
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_NETWORK_TRANSPORT,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_ERROR_TYPE,
] as const

const CALL_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
] as const
/** Our counters keep fewer keys than the semconv histograms: dashboards sum them by these. */
const COUNTER_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
] as const

const RATE_LIMIT_KEYS = [
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_LLMETER_RATE_LIMIT_KIND,
] as const

/**
 * Documents returned per retrieval: the database client conventions' advice for
 * `db.client.response.returned_rows`, with 0 in front so an empty result has a bucket of its own.
 */
export const RETRIEVAL_DOCUMENT_BUCKETS = [
  0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
] as const

const RETRIEVAL_KEYS = [ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_DATA_SOURCE_ID] as const

export const METRICS = {
  operationDuration: {
    name: 'gen_ai.client.operation.duration',
    kind: 'histogram',
    unit: 's',
    description: 'GenAI operation duration.',
    buckets: DURATION_BUCKETS,
    attributes: [...CALL_KEYS, ATTR_ERROR_TYPE, ATTR_LLMETER_REQUEST_STREAM],
  },
  tokenUsage: {
    name: 'gen_ai.client.token.usage',
    kind: 'histogram',
    unit: '{token}',
    description: 'Number of input and output tokens used per operation.',
    buckets: TOKEN_BUCKETS,
    attributes: [...CALL_KEYS, ATTR_GEN_AI_TOKEN_TYPE],
  },
  timeToFirstChunk: {
    name: 'gen_ai.client.operation.time_to_first_chunk',
    kind: 'histogram',
    unit: 's',
    description: 'Time from the start of a streaming operation to the first chunk of the response.',
    buckets: DURATION_BUCKETS,
    attributes: CALL_KEYS,
  },
  timePerOutputChunk: {
    name: 'gen_ai.client.operation.time_per_output_chunk',
    kind: 'histogram',
    unit: 's',
    description: 'Time between consecutive chunks of a streaming response, after the first.',
    buckets: DURATION_BUCKETS,
    attributes: CALL_KEYS,
  },
  requests: {
    name: 'llmeter.llm.requests',
    reportedBy: 'call-series',
    kind: 'counter',
    unit: '{request}',
    description:
      'LLM operations finished, by outcome (error.type is absent on success) and whether they streamed.',
    attributes: [...COUNTER_KEYS, ATTR_ERROR_TYPE, ATTR_LLMETER_REQUEST_STREAM],
  },
  tokens: {
    name: 'llmeter.llm.tokens',
    reportedBy: 'call-series',
    kind: 'counter',
    unit: '{token}',
    description: `Tokens used, by type: ${USAGE_KINDS.map((k) => k.label).join(', ')}.`,
    attributes: [...COUNTER_KEYS, ATTR_GEN_AI_TOKEN_TYPE],
  },
  activeRequests: {
    name: 'llmeter.llm.active_requests',
    reportedBy: 'call-series',
    kind: 'updowncounter',
    unit: '{request}',
    description: 'LLM operations in flight.',
    attributes: COUNTER_KEYS,
  },
  cost: {
    name: 'llmeter.llm.cost',
    reportedBy: 'call-series',
    kind: 'counter',
    unit: 'usd',
    description: `Cost of LLM operations in US dollars, by part (${COST_PARTS.map((p) => p.label).join(', ')}).`,
    attributes: [...COUNTER_KEYS, ATTR_LLMETER_COST_TYPE],
  },
  unpriced: {
    name: 'llmeter.llm.unpriced',
    reportedBy: 'call-series',
    kind: 'counter',
    unit: '{request}',
    description: 'LLM operations that used tokens but whose model has no known price.',
    attributes: COUNTER_KEYS,
  },
  rateLimits: {
    name: 'llmeter.llm.rate_limits',
    kind: 'counter',
    unit: '{response}',
    description:
      'HTTP 429 responses received from an LLM provider, counted per attempt (including ones the client retried).',
    attributes: [ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MODEL, ATTR_SERVER_ADDRESS],
  },
  retries: {
    name: 'llmeter.llm.retries',
    kind: 'counter',
    unit: '{attempt}',
    description: 'Failed HTTP attempts to an LLM provider that the client retried, by reason.',
    attributes: [
      ATTR_GEN_AI_PROVIDER_NAME,
      ATTR_GEN_AI_REQUEST_MODEL,
      ATTR_SERVER_ADDRESS,
      ATTR_LLMETER_RETRY_REASON,
    ],
  },
  rateLimitRemaining: {
    name: 'llmeter.llm.rate_limit.remaining',
    kind: 'gauge',
    unit: '{unit}',
    description:
      'What the provider says is left of a rate limit (requests or tokens) in its current window, from the last response; last value wins.',
    attributes: RATE_LIMIT_KEYS,
  },
  rateLimitLimit: {
    name: 'llmeter.llm.rate_limit.limit',
    kind: 'gauge',
    unit: '{unit}',
    description: 'The size of a provider rate limit (requests or tokens per window), from the last response.',
    attributes: RATE_LIMIT_KEYS,
  },
  agentDuration: {
    name: 'gen_ai.invoke_agent.duration',
    kind: 'histogram',
    unit: 's',
    description: 'The end-to-end duration of a single agent invocation.',
    buckets: AGENT_DURATION_BUCKETS,
    attributes: [ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_REQUEST_MODEL, ATTR_ERROR_TYPE],
  },
  agentInvocations: {
    name: 'llmeter.agent.invocations',
    kind: 'counter',
    unit: '{invocation}',
    description: 'Agent invocations finished, by outcome (error.type is absent on success).',
    attributes: [
      ATTR_GEN_AI_AGENT_NAME,
      ATTR_GEN_AI_PROVIDER_NAME,
      ATTR_GEN_AI_REQUEST_MODEL,
      ATTR_ERROR_TYPE,
    ],
  },
  agentActiveSessions: {
    name: 'llmeter.agent.active_sessions',
    kind: 'updowncounter',
    unit: '{session}',
    description: 'Agent invocations in flight.',
    attributes: [ATTR_GEN_AI_AGENT_NAME],
  },
  agentInferenceCalls: {
    name: 'gen_ai.invoke_agent.inference_calls',
    kind: 'histogram',
    unit: '{inference_call}',
    description: 'The number of inference (model) calls an agent made during a single invocation.',
    buckets: CALLS_PER_INVOCATION_BUCKETS,
    attributes: [ATTR_GEN_AI_AGENT_NAME],
  },
  agentToolCalls: {
    name: 'gen_ai.invoke_agent.tool_calls',
    kind: 'histogram',
    unit: '{tool_call}',
    description: 'The number of tool calls an agent made during a single invocation.',
    buckets: CALLS_PER_INVOCATION_BUCKETS,
    attributes: [ATTR_GEN_AI_AGENT_NAME],
  },
  toolDuration: {
    name: 'gen_ai.execute_tool.duration',
    kind: 'histogram',
    unit: 's',
    description: 'The duration of a single tool execution.',
    buckets: DURATION_BUCKETS,
    attributes: TOOL_KEYS,
  },
  toolExecutions: {
    name: 'llmeter.tool.executions',
    kind: 'counter',
    unit: '{execution}',
    description: 'Tool executions finished, by outcome (error.type is absent on success).',
    attributes: TOOL_KEYS,
  },
  workflowDuration: {
    name: 'gen_ai.invoke_workflow.duration',
    kind: 'histogram',
    unit: 's',
    description: 'The end-to-end duration of a workflow execution.',
    buckets: WORKFLOW_DURATION_BUCKETS,
    attributes: [ATTR_GEN_AI_WORKFLOW_NAME, ATTR_ERROR_TYPE],
  },
  cacheLookups: {
    name: 'llmeter.cache.lookups',
    kind: 'counter',
    unit: '{lookup}',
    description: 'Application cache lookups (semantic or exact) in front of LLM calls, by result.',
    attributes: [ATTR_LLMETER_CACHE_TYPE, ATTR_LLMETER_CACHE_RESULT],
  },
  budgetLimit: {
    name: 'llmeter.budget.limit',
    reportedBy: 'budgets',
    kind: 'gauge',
    unit: 'usd',
    description: 'Configured spend limit of a budget for its current window, in US dollars.',
    attributes: [ATTR_LLMETER_BUDGET_NAME, ATTR_LLMETER_BUDGET_WINDOW],
  },
  budgetSpend: {
    name: 'llmeter.budget.spend',
    reportedBy: 'budgets',
    kind: 'gauge',
    unit: 'usd',
    description: 'Spend counted against a budget in its current window, in US dollars.',
    attributes: [ATTR_LLMETER_BUDGET_NAME, ATTR_LLMETER_BUDGET_WINDOW],
  },
  budgetRemaining: {
    name: 'llmeter.budget.remaining',
    reportedBy: 'budgets',
    kind: 'gauge',
    unit: 'usd',
    description:
      'Spend left in a budget for its current window (limit minus spend, floored at 0), in US dollars.',
    attributes: [ATTR_LLMETER_BUDGET_NAME, ATTR_LLMETER_BUDGET_WINDOW],
  },
  budgetExceeded: {
    name: 'llmeter.budget.exceeded',
    kind: 'counter',
    unit: '{request}',
    description: 'LLM calls started while their budget was exhausted, by action (blocked or warned).',
    attributes: [ATTR_LLMETER_BUDGET_NAME, ATTR_LLMETER_BUDGET_ACTION],
  },
  heapSizeLimit: {
    name: 'llmeter.runtime.heap.size_limit',
    reportedBy: 'runtime',
    kind: 'gauge',
    unit: 'By',
    description:
      "The V8 heap's size limit (v8.getHeapStatistics().heap_size_limit): the heap size at which the process runs out of memory.",
    attributes: [],
  },
  attributeOverflows: {
    name: 'llmeter.attribute.overflows',
    kind: 'counter',
    unit: '{value}',
    description:
      'Attribute values replaced by _OTHER because the attribute reached its cap of distinct values.',
    attributes: [ATTR_LLMETER_ATTRIBUTE_KEY],
  },
  retrievalDocuments: {
    name: 'llmeter.retrieval.documents',
    kind: 'histogram',
    unit: '{document}',
    description:
      'Documents (matches, points, hits) returned per retrieval; an empty result is recorded as 0.',
    buckets: RETRIEVAL_DOCUMENT_BUCKETS,
    attributes: RETRIEVAL_KEYS,
  },
  retrievals: {
    name: 'llmeter.retrieval.requests',
    kind: 'counter',
    unit: '{request}',
    description: 'Retrievals finished, by data source and outcome (error.type is absent on success).',
    attributes: [...RETRIEVAL_KEYS, ATTR_ERROR_TYPE],
  },
  mcpClientOperationDuration: {
    name: 'mcp.client.operation.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'The duration of the MCP request or notification as observed on the sender from the time it was sent until the response or ack is received.',
    buckets: MCP_DURATION_BUCKETS,
    attributes: [...MCP_OPERATION_KEYS, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT],
  },
  mcpServerOperationDuration: {
    name: 'mcp.server.operation.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.',
    buckets: MCP_DURATION_BUCKETS,
    attributes: MCP_OPERATION_KEYS,
  },
  mcpClientSessionDuration: {
    name: 'mcp.client.session.duration',
    kind: 'histogram',
    unit: 's',
    description: 'The duration of the MCP session as observed on the MCP client.',
    buckets: MCP_DURATION_BUCKETS,
    attributes: [...MCP_SESSION_KEYS, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT],
  },
  mcpServerSessionDuration: {
    name: 'mcp.server.session.duration',
    kind: 'histogram',
    unit: 's',
    description: 'The duration of the MCP session as observed on the MCP server.',
    buckets: MCP_DURATION_BUCKETS,
    attributes: MCP_SESSION_KEYS,
  },
  agentHandoffs: {
    name: 'llmeter.agent.handoffs',
    kind: 'counter',
    unit: '{handoff}',
    description: 'Handoffs from one agent to another, by the agent that handed off.',
    attributes: [ATTR_GEN_AI_AGENT_NAME],
  },
  agentGuardrailTrips: {
    name: 'llmeter.agent.guardrail_trips',
    kind: 'counter',
    unit: '{trip}',
    description: 'Agent guardrails whose tripwire was triggered, by agent, guardrail and kind.',
    attributes: [ATTR_GEN_AI_AGENT_NAME, ATTR_LLMETER_GUARDRAIL_NAME, ATTR_LLMETER_GUARDRAIL_KIND],
  },
} as const satisfies Record<string, MetricDefinition>

export type MetricKey = keyof typeof METRICS

/** Every definition, in a stable order. */
export const ALL_METRICS: readonly MetricDefinition[] = Object.values(METRICS)

/** Names of the histograms whose buckets users may override (llmeter's, and the HTTP server duration). */
export type HistogramName =
  | {
      [K in MetricKey]: (typeof METRICS)[K]['kind'] extends 'histogram' ? (typeof METRICS)[K]['name'] : never
    }[MetricKey]
  | (typeof HTTP_SERVER_DURATION)['name']
