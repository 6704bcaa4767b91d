/**
 * Attribute keys and well-known values, spelled exactly as the OTel GenAI semantic conventions
 * (v1.41) spell them, so they can be grepped across repositories. Our own keys live under
 * `llmeter.` because no convention covers them yet.
 *
 * @module
 */
import { COST_PARTS, USAGE_KINDS } from './usage-kinds.js'

export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name'
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name'
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model'
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model'
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type'
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name'
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name'
/** `function`, `extension` or `datastore` (see {@link GEN_AI_TOOL_TYPE}). */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type'
/** The workflow's name, on `gen_ai.invoke_workflow.duration`. */
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name'
export const ATTR_SERVER_ADDRESS = 'server.address'
export const ATTR_SERVER_PORT = 'server.port'
export const ATTR_ERROR_TYPE = 'error.type'

/** Which kind of application cache answered (`semantic`, `exact`, or any short name the app uses). */
export const ATTR_LLMETER_CACHE_TYPE = 'llmeter.cache.type'
/** `hit` or `miss`. */
export const ATTR_LLMETER_CACHE_RESULT = 'llmeter.cache.result'
/** Why an HTTP attempt was retried or limited (`rate_limit`, `server_error`, `timeout`, ...). */
export const ATTR_LLMETER_RETRY_REASON = 'llmeter.retry.reason'
/** Which provider limit a rate-limit gauge reports: `requests`, `tokens`, `input_tokens`, `output_tokens`. */
export const ATTR_LLMETER_RATE_LIMIT_KIND = 'llmeter.rate_limit.kind'
/** Whether an LLM call streamed its response: `true` or `false` (absent when the client does not say). */
export const ATTR_LLMETER_REQUEST_STREAM = 'llmeter.request.stream'
/** Which part of a call's price a cost increment is: a token kind's label ({@link COST_TYPE}) or `request`. */
export const ATTR_LLMETER_COST_TYPE = 'llmeter.cost.type'
/** The budget's configured name. */
export const ATTR_LLMETER_BUDGET_NAME = 'llmeter.budget.name'
/** The budget's window: `day` or `month`. */
export const ATTR_LLMETER_BUDGET_WINDOW = 'llmeter.budget.window'
/** What happened to a call over budget: `blocked` (enforced) or `warned`. */
export const ATTR_LLMETER_BUDGET_ACTION = 'llmeter.budget.action'
/** The attribute whose distinct values went over the cap (on the overflow counter). */
export const ATTR_LLMETER_ATTRIBUTE_KEY = 'llmeter.attribute.key'

type Kind = (typeof USAGE_KINDS)[number]

/**
 * `gen_ai.token.type` values by kind, from the table in `usage-kinds.ts`. `input` and `output` are
 * the convention's; the rest are ours.
 */
export const TOKEN_TYPE = Object.fromEntries(USAGE_KINDS.map((k) => [k.name, k.label])) as {
  readonly [K in Kind as K['name']]: K['label']
}
export type TokenType = Kind['label']

/** `llmeter.cost.type` values by part: one per token kind, and `request` (the per-call fee). */
export const COST_TYPE = Object.fromEntries(COST_PARTS.map((p) => [p.name, p.label])) as {
  readonly [K in Kind as K['name']]: K['label']
} & { readonly request: 'request' }

/** Well-known `gen_ai.operation.name` values from the conventions. */
export const GEN_AI_OPERATION = {
  chat: 'chat',
  textCompletion: 'text_completion',
  generateContent: 'generate_content',
  embeddings: 'embeddings',
  createAgent: 'create_agent',
  invokeAgent: 'invoke_agent',
  executeTool: 'execute_tool',
  invokeWorkflow: 'invoke_workflow',
} as const

/**
 * Well-known `gen_ai.tool.type` values: a function the client runs, an extension an agent-side
 * service runs (e.g. an MCP server), a datastore the agent queries.
 */
export const GEN_AI_TOOL_TYPE = {
  function: 'function',
  extension: 'extension',
  datastore: 'datastore',
} as const

/** Well-known `gen_ai.provider.name` values from the conventions. */
export const GEN_AI_PROVIDER = {
  openai: 'openai',
  azureOpenai: 'azure.ai.openai',
  anthropic: 'anthropic',
  awsBedrock: 'aws.bedrock',
  gcpGemini: 'gcp.gemini',
  gcpVertexAi: 'gcp.vertex_ai',
  gcpGenAi: 'gcp.gen_ai',
  azureAiInference: 'azure.ai.inference',
  cohere: 'cohere',
  mistralAi: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
  ibmWatsonx: 'ibm.watsonx.ai',
  moonshotAi: 'moonshot_ai',
} as const

/** The value an attribute takes when it has no value we may record, or went over its cap. */
export const OTHER_VALUE = '_OTHER'

/**
 * `gen_ai.data_source.id`: the data source a retrieval queried (a Pinecone index, a Chroma or
 * Qdrant collection). The conventions define it on the retrieval span; llmeter records it on its
 * own retrieval metrics, bounded like every label.
 */
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id'

/** The well-known `gen_ai.operation.name` value for a retrieval from a vector store or search system. */
export const RETRIEVAL_OPERATION = 'retrieval'

/**
 * `gen_ai.provider.name` of the retrieval providers llmeter instruments. The conventions let each
 * kind of provider (inference, embeddings, retrieval, memory) use this attribute and have no
 * well-known values for vector stores, so these are the products' own lower-case names.
 */
export const RETRIEVAL_PROVIDER = {
  pinecone: 'pinecone',
  chroma: 'chroma',
  qdrant: 'qdrant',
} as const
/** MCP: the JSON-RPC method of a request (`tools/call`, `resources/read`, `initialize`, ...). */
export const ATTR_MCP_METHOD_NAME = 'mcp.method.name'
/** MCP: the protocol version the session negotiated (`2025-06-18`). */
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version'
/** The prompt named by an MCP `prompts/get` request. */
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name'
/** The JSON-RPC error code of a response, as a string (`-32602`). */
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code'
/** `tcp` for HTTP transports, `pipe` for stdio. */
export const ATTR_NETWORK_TRANSPORT = 'network.transport'
/** `http` or `websocket`, when the transport has one. */
export const ATTR_NETWORK_PROTOCOL_NAME = 'network.protocol.name'
/** The name of an agent guardrail that tripped. */
export const ATTR_LLMETER_GUARDRAIL_NAME = 'llmeter.guardrail.name'
/** Which check a tripped guardrail was: `input`, `output`, `tool_input` or `tool_output`. */
export const ATTR_LLMETER_GUARDRAIL_KIND = 'llmeter.guardrail.kind'
