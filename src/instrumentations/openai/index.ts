/**
 * Automatic instrumentation of the `openai` package (v5 to v7): `chat.completions.create`,
 * `completions.create` (legacy text completions), `responses.create`, `beta.responses.create` and
 * `embeddings.create` (plain and streaming), for `OpenAI` and `AzureOpenAI`,
 * patched on the prototypes when the app loads the package (require or import, through the hooks
 * the register entry installs). The SDK helpers (`chat.completions.stream()`, `parse()`,
 * `responses.stream()`) call these methods, so they are covered too.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchOpenAIExports, unpatchOpenAIExports } from './patch.js'

export const SUPPORTED_OPENAI_VERSIONS = ['>=5.0.0 <8']

/**
 * Patches `openai` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()], meterProvider })
 */
export class OpenAIInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('openai', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'openai',
      SUPPORTED_OPENAI_VERSIONS,
      (exports: unknown) => {
        patchOpenAIExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => {
        unpatchOpenAIExports(exports)
      },
    )
  }
}
