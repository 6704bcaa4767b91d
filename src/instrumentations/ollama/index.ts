/**
 * Automatic instrumentation of the `ollama` package: `chat`, `generate` (plain and streamed) and
 * `embed` of every `Ollama` client, the package's default instance included, patched when the app
 * loads the package (require or import, through the hooks the register entry installs).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchOllamaExports, unpatchOllamaExports } from './patch.js'

export const SUPPORTED_OLLAMA_VERSIONS = ['>=0.5.0 <1']

/**
 * Patches `ollama` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new OllamaInstrumentation()], meterProvider })
 */
export class OllamaInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('ollama', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'ollama',
      SUPPORTED_OLLAMA_VERSIONS,
      (exports: unknown) => {
        patchOllamaExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => {
        unpatchOllamaExports(exports)
      },
    )
  }
}
