/**
 * Provider ids -> `gen_ai.provider.name`. The AI SDK names a model's provider `openai.chat`,
 * `anthropic.messages`, `google.generative-ai`, ...: the part before the first dot names the
 * provider. LangChain names it in `ls_provider` (`openai`, `google_genai`, `bedrock`, ...).
 * Unknown ids are kept as they are (bounded by the label cap like any value).
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'

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
