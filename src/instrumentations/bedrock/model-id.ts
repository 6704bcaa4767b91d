/**
 * The model a Bedrock call names, as llmeter labels and prices it. `modelId` may be a foundation
 * model id (`anthropic.claude-3-5-haiku-20241022-v1:0`), a cross-region inference profile id
 * (`us.`, `eu.`, `apac.`, `global.` before it), or an ARN of either
 * (`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic...`). An ARN of a
 * foundation model or a system inference profile is reduced to the id it ends with: that id is what
 * the bundled catalog prices (it knows the profile prefixes, and a `global.` profile is priced apart
 * from a regional one), and the label then carries no account number. Other ARNs (application
 * inference profiles, provisioned or custom models) are opaque and kept whole, so a price-table
 * alias written for the ARN matches.
 *
 * @module
 */

const REDUCED_RESOURCES = new Set(['foundation-model', 'inference-profile'])

/**
 * The model id of `modelId`, undefined when it is not a non-empty string.
 *
 * @example
 * bedrockModelId('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0')
 * // 'us.amazon.nova-lite-v1:0'
 */
export function bedrockModelId(modelId: unknown): string | undefined {
  if (typeof modelId !== 'string' || modelId === '') return undefined
  if (!modelId.startsWith('arn:')) return modelId
  // arn:partition:service:region:account:resource-type/resource-id (the id may contain ':')
  const parts = modelId.split(':')
  if (parts.length < 6 || parts[2] !== 'bedrock') return modelId
  const resource = parts.slice(5).join(':')
  const slash = resource.indexOf('/')
  if (slash <= 0 || slash === resource.length - 1) return modelId
  return REDUCED_RESOURCES.has(resource.slice(0, slash)) ? resource.slice(slash + 1) : modelId
}
