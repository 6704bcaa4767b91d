/**
 * Automatic instrumentation of the `groq-sdk` package: `chat.completions.create`, plain and
 * streaming, patched on the prototype when the app loads the package (require or import, through
 * the hooks the register entry installs).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchGroqExports, unpatchGroqExports } from './patch.js'

export const SUPPORTED_GROQ_VERSIONS = ['>=1.1.1 <2']

/**
 * Patches `groq-sdk` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new GroqInstrumentation()], meterProvider })
 */
export class GroqInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('groq', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'groq-sdk',
      SUPPORTED_GROQ_VERSIONS,
      (exports: unknown) => {
        patchGroqExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => {
        unpatchGroqExports(exports)
      },
    )
  }
}
