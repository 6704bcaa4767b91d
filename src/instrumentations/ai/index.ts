/**
 * Automatic instrumentation of the Vercel AI SDK (`ai` 7): when the app loads `ai`, the entry
 * points that take a model are patched so the model they are given is wrapped with llmeter's
 * middleware (see patch.ts). Apps that bundle `ai`, or call `model.doGenerate()` themselves, use
 * the middleware explicitly instead.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchAiExports, unpatchAiExports } from './patch.js'

export const SUPPORTED_AI_VERSIONS = ['>=7.0.0 <8']

/**
 * Patches `ai` at load. Enabled by `llmeter/register` and `start()`.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new VercelAiInstrumentation()], meterProvider })
 */
export class VercelAiInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('ai', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'ai',
      SUPPORTED_AI_VERSIONS,
      (exports: unknown) => patchAiExports(exports, this.recorder),
      unpatchAiExports,
    )
  }
}

export { llmeterEmbeddingMiddleware, llmeterMiddleware } from './middleware.js'
