/**
 * Automatic instrumentation of `@anthropic-ai/sdk` (0.30 up to 1.x): `messages.create` (plain and
 * `stream: true`), `messages.stream()` and `beta.messages`, patched on the prototypes when the app
 * loads the package (require or import, through the hooks the register entry installs).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchAnthropicExports, unpatchAnthropicExports } from './patch.js'

export const SUPPORTED_ANTHROPIC_VERSIONS = ['>=0.30.0 <2']

/**
 * Patches `@anthropic-ai/sdk` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new AnthropicInstrumentation()], meterProvider })
 */
export class AnthropicInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('anthropic', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@anthropic-ai/sdk',
      SUPPORTED_ANTHROPIC_VERSIONS,
      (exports: unknown) => {
        patchAnthropicExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => unpatchAnthropicExports(exports),
    )
  }
}
