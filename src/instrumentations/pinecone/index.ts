/**
 * Automatic instrumentation of the Pinecone client (`@pinecone-database/pinecone` 9): every index's
 * `query` and `searchRecords` is one retrieval, patched on `Index.prototype` when the app loads
 * the package.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchPineconeExports, unpatchPineconeExports } from './patch.js'

/** Only 9.0.0 exists of the 9 line: it is both ends of the tested range. */
export const SUPPORTED_PINECONE_VERSIONS = ['>=9.0.0 <10']

/**
 * Patches `@pinecone-database/pinecone` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * import { PineconeInstrumentation } from 'llmeter/instrumentations'
 * registerInstrumentations({ instrumentations: [new PineconeInstrumentation()], meterProvider })
 */
export class PineconeInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('pinecone', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@pinecone-database/pinecone',
      SUPPORTED_PINECONE_VERSIONS,
      (exports: unknown) => {
        patchPineconeExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => {
        unpatchPineconeExports(exports)
      },
    )
  }
}
