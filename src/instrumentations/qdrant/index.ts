/**
 * Automatic instrumentation of the Qdrant REST client (`@qdrant/js-client-rest` 1.12 and later):
 * every `search`, `searchBatch`, `query` and `queryBatch` is one retrieval, patched on
 * `QdrantClient.prototype` when the app loads the package.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchQdrantExports, unpatchQdrantExports } from './patch.js'

export const SUPPORTED_QDRANT_VERSIONS = ['>=1.12.0 <2']

/**
 * Patches `@qdrant/js-client-rest` when it is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * import { QdrantInstrumentation } from 'llmeter/instrumentations'
 * registerInstrumentations({ instrumentations: [new QdrantInstrumentation()], meterProvider })
 */
export class QdrantInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('qdrant', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@qdrant/js-client-rest',
      SUPPORTED_QDRANT_VERSIONS,
      (exports: unknown) => {
        patchQdrantExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => {
        unpatchQdrantExports(exports)
      },
    )
  }
}
