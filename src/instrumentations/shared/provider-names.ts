/**
 * Provider ids -> `gen_ai.provider.name`. The AI SDK names a model's provider `openai.chat`,
 * `anthropic.messages`, `google.generative-ai`, ...: the part before the first dot names the
 * provider. LangChain names it in `ls_provider` (`openai`, `google_genai`, `bedrock`, ...).
 * Unknown ids are kept as they are (bounded by the label cap like any value).
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'

/**
 * Our own `gen_ai.provider.name` values, for providers the conventions name no well-known value
 * for: lowercase, words joined by `_` as the conventions spell theirs (`mistral_ai`, `x_ai`).
 */
export const OWN_PROVIDER = {
  ollama: 'ollama',
  togetherAi: 'together_ai',
  fireworksAi: 'fireworks_ai',
  openrouter: 'openrouter',
} as const

const NAMES: Readonly<Record<string, string>> = {
  openai: GEN_AI_PROVIDER.openai,
  azure: GEN_AI_PROVIDER.azureOpenai,
  'azure-openai': GEN_AI_PROVIDER.azureOpenai,
  azure_openai: GEN_AI_PROVIDER.azureOpenai,
  anthropic: GEN_AI_PROVIDER.anthropic,
  google: GEN_AI_PROVIDER.gcpGemini,
  google_genai: GEN_AI_PROVIDER.gcpGemini,
  'google-vertex': GEN_AI_PROVIDER.gcpVertexAi,
  google_vertexai: GEN_AI_PROVIDER.gcpVertexAi,
  vertex: GEN_AI_PROVIDER.gcpVertexAi,
  'amazon-bedrock': GEN_AI_PROVIDER.awsBedrock,
  bedrock: GEN_AI_PROVIDER.awsBedrock,
  amazon_bedrock: GEN_AI_PROVIDER.awsBedrock,
  mistral: GEN_AI_PROVIDER.mistralAi,
  mistralai: GEN_AI_PROVIDER.mistralAi,
  groq: GEN_AI_PROVIDER.groq,
  xai: GEN_AI_PROVIDER.xai,
  deepseek: GEN_AI_PROVIDER.deepseek,
  cohere: GEN_AI_PROVIDER.cohere,
  perplexity: GEN_AI_PROVIDER.perplexity,
  watsonx: GEN_AI_PROVIDER.ibmWatsonx,
  ibm: GEN_AI_PROVIDER.ibmWatsonx,
  'x-ai': GEN_AI_PROVIDER.xai,
  x_ai: GEN_AI_PROVIDER.xai,
  mistral_ai: GEN_AI_PROVIDER.mistralAi,
  'azure-ai-inference': GEN_AI_PROVIDER.azureAiInference,
  azure_ai_inference: GEN_AI_PROVIDER.azureAiInference,
  moonshot: GEN_AI_PROVIDER.moonshotAi,
  moonshotai: GEN_AI_PROVIDER.moonshotAi,
  moonshot_ai: GEN_AI_PROVIDER.moonshotAi,
  together: OWN_PROVIDER.togetherAi,
  togetherai: OWN_PROVIDER.togetherAi,
  together_ai: OWN_PROVIDER.togetherAi,
  fireworks: OWN_PROVIDER.fireworksAi,
  fireworks_ai: OWN_PROVIDER.fireworksAi,
  openrouter: OWN_PROVIDER.openrouter,
  ollama: OWN_PROVIDER.ollama,
}

/**
 * The `gen_ai.provider.name` for a provider id.
 *
 * @example
 * providerName('anthropic.messages') // 'anthropic'
 * providerName('google.vertex.chat') // 'gcp.vertex_ai'
 */
export function providerName(providerId: unknown): string {
  if (typeof providerId !== 'string' || providerId === '') return 'unknown'
  const head = providerId.split('.')[0]!.toLowerCase()
  if (head === 'google' && providerId.includes('vertex')) return GEN_AI_PROVIDER.gcpVertexAi
  return NAMES[head] ?? head
}
