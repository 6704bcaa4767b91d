/**
 * Automatic instrumentation of `@google/genai` (3.1 up to 3.x), Google's Gemini SDK, in both of its
 * modes: the Gemini API (`gcp.gemini`) and Vertex AI (`vertexai: true`, `gcp.vertex_ai`).
 * `models.generateContent`, `models.generateContentStream`, `models.embedContent` and chats are
 * recorded, patched on `Models.prototype` when the app loads the package (require or import,
 * through the hooks the register entry installs).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchGenAIExports, unpatchGenAIExports } from './patch.js'

export const SUPPORTED_GOOGLE_GENAI_VERSIONS = ['>=3.1.0 <4']

/**
 * Patches `@google/genai` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new GoogleGenAIInstrumentation()], meterProvider })
 */
export class GoogleGenAIInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('google-genai', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@google/genai',
      SUPPORTED_GOOGLE_GENAI_VERSIONS,
      (exports: unknown) => {
        patchGenAIExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => unpatchGenAIExports(exports),
    )
  }
}
