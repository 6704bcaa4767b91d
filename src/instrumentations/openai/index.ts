/**
 * Automatic instrumentation of the `openai` package (v5 to v7): `chat.completions.create`,
 * `responses.create` and `embeddings.create` (plain and streaming), for `OpenAI` and `AzureOpenAI`,
 * patched on the prototypes when the app loads the package (require or import, through the hooks
 * the register entry installs). The SDK helpers (`chat.completions.stream()`, `parse()`,
 * `responses.stream()`) call these methods, so they are covered too.
 *
 * @module
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { METER_VERSION } from '../../tracking/recorder.js'
import { patchOpenAIExports, unpatchOpenAIExports } from './patch.js'

export const SUPPORTED_OPENAI_VERSIONS = ['>=5.0.0 <8']

export { isOpenAIClient, patchOpenAIClient, patchOpenAIExports, unpatchOpenAIExports } from './patch.js'

/**
 * Patches `openai` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] })
 */
export class OpenAIInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-openai', METER_VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'openai',
      SUPPORTED_OPENAI_VERSIONS,
      (exports: unknown) => {
        patchOpenAIExports(exports)
        return exports
      },
      (exports: unknown) => {
        unpatchOpenAIExports(exports)
      },
    )
  }
}
