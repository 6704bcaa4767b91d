/**
 * Automatic instrumentation of the Chroma client (`chromadb` 3): every collection's `query` is one
 * retrieval, patched on the collection class the first time the client returns a collection.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchChromaExports, unpatchChromaExports } from './patch.js'

export const SUPPORTED_CHROMADB_VERSIONS = ['>=3.0.0 <4']

/**
 * Patches `chromadb` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * import { ChromaInstrumentation } from 'llmeter/instrumentations'
 * registerInstrumentations({ instrumentations: [new ChromaInstrumentation()], meterProvider })
 */
export class ChromaInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('chromadb', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'chromadb',
      SUPPORTED_CHROMADB_VERSIONS,
      (exports: unknown) => {
        patchChromaExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => {
        unpatchChromaExports(exports)
      },
    )
  }
}
