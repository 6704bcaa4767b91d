/**
 * Maps `gen_ai.provider.name` values (OTel GenAI semconv v1.41) onto the catalog's provider ids.
 * Names not listed here are passed through unchanged, so gateways the catalog knows by its own id
 * (`openrouter`, `together`, `fireworks`, ...) price without configuration.
 *
 * @module
 */

const CATALOG_PROVIDER: Readonly<Record<string, string>> = {
  openai: 'openai',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  cohere: 'cohere',
  mistral_ai: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  x_ai: 'x-ai',
  perplexity: 'perplexity',
  moonshotai: 'moonshotai',
  moonshot_ai: 'moonshotai',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
}

/**
 * The catalog's provider id for a `gen_ai.provider.name`.
 *
 * @example
 * catalogProviderId('aws.bedrock') // 'aws'
 * catalogProviderId('openrouter')  // 'openrouter'
 */
export function catalogProviderId(provider: string): string {
  const key = provider.trim().toLowerCase()
  return CATALOG_PROVIDER[key] ?? key
}

/** True for one of our provider names that maps onto a catalog provider. */
export function isMappedProviderName(name: string): boolean {
  return Object.hasOwn(CATALOG_PROVIDER, name.trim().toLowerCase())
}
