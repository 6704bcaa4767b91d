/**
 * Kept for modules that imported the Anthropic instrumentation from its first location; the
 * entry is `./index.js`.
 *
 * @module
 */

export { describeMessages } from './describe.js'
export {
  AnthropicInstrumentation,
  anthropicUsage,
  patchAnthropicClient,
  patchAnthropicExports,
  SUPPORTED_ANTHROPIC_VERSIONS,
  unpatchAnthropicExports,
} from './index.js'
