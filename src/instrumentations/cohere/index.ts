/**
 * Automatic instrumentation of `cohere-ai` (8.x, CommonJS): the v2 client's `chat`, `chatStream`
 * and `embed`, patched on `V2Client.prototype` when the app loads the package (require, or import
 * through the ESM loader hook: the package's own modules are then loaded by `require`).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchCohereV2Exports, unpatchCohereV2Exports } from './patch.js'

export const SUPPORTED_COHERE_VERSIONS = ['>=8.0.0 <9']

/** The module that defines `V2Client`, inside the package. */
const V2_CLIENT_FILE = 'cohere-ai/api/resources/v2/client/Client.js'

/**
 * Patches `cohere-ai`'s v2 client when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new CohereInstrumentation()], meterProvider })
 */
export class CohereInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('cohere', config)
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile(
      V2_CLIENT_FILE,
      SUPPORTED_COHERE_VERSIONS,
      (exports: unknown) => patchCohereV2Exports(exports, this.recorder),
      (exports: unknown) => unpatchCohereV2Exports(exports),
    )
    return new InstrumentationNodeModuleDefinition(
      'cohere-ai',
      SUPPORTED_COHERE_VERSIONS,
      undefined,
      undefined,
      [file],
    )
  }
}
