/**
 * Automatic instrumentation of the Vercel AI SDK (`ai` 7): when the app loads `ai`, the entry
 * points that take a model are patched so the model they are given is wrapped with llmeter's
 * middleware (see patch.ts). Apps that bundle `ai`, or call `model.doGenerate()` themselves, use
 * the middleware explicitly instead.
 *
 * @module
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { METER_VERSION } from '../../tracking/recorder.js'
import { patchAiExports, unpatchAiExports } from './patch.js'

/**
 * Patches `ai` at load. Enabled by `llmeter/register` and `start()`.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new VercelAiInstrumentation()] })
 */
export class VercelAiInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-ai', METER_VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition('ai', ['>=7.0.0 <8'], patchAiExports, unpatchAiExports)
  }
}

export { llmeterEmbeddingMiddleware, llmeterMiddleware } from './middleware.js'
export { patchAiExports, unpatchAiExports } from './patch.js'
