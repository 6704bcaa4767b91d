/**
 * Automatic instrumentation of `@anthropic-ai/sdk` (0.30 up to 1.x): `messages.create` (plain and
 * `stream: true`), `messages.stream()` and `beta.messages`, patched on the prototypes when the app
 * loads the package (require or import, through the hooks the register entry installs).
 *
 * @module
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { METER_VERSION } from '../../tracking/recorder.js'
import { patchAnthropicExports, unpatchAnthropicExports } from './patch.js'

export {
  isAnthropicClient,
  patchAnthropicClient,
  patchAnthropicExports,
  unpatchAnthropicExports,
} from './patch.js'
export { anthropicUsage } from './usage.js'

export const SUPPORTED_ANTHROPIC_VERSIONS = ['>=0.30.0 <2']

/**
 * Patches `@anthropic-ai/sdk` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new AnthropicInstrumentation()] })
 */
export class AnthropicInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-anthropic', METER_VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@anthropic-ai/sdk',
      SUPPORTED_ANTHROPIC_VERSIONS,
      (exports: unknown) => {
        patchAnthropicExports(exports)
        return exports
      },
      (exports: unknown) => unpatchAnthropicExports(exports),
    )
  }
}
