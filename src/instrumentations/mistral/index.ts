/**
 * Automatic instrumentation of `@mistralai/mistralai` (2.x, an ES module only package):
 * `chat.complete`, `chat.stream`, `chat.parse`, `chat.parseStream` and `embeddings.create`,
 * patched when the app imports the package (through the ESM loader hook the register entry
 * installs), for every `Mistral` client instance. Each HTTP attempt is seen through the client's
 * own hooks (attempts.ts).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchMistralExports, unpatchMistralExports } from './patch.js'

export const SUPPORTED_MISTRAL_VERSIONS = ['>=2.0.0 <3']

/**
 * Patches `@mistralai/mistralai` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new MistralInstrumentation()], meterProvider })
 */
export class MistralInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('mistral', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@mistralai/mistralai',
      SUPPORTED_MISTRAL_VERSIONS,
      (exports: unknown) => {
        patchMistralExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => unpatchMistralExports(exports),
    )
  }
}
