/**
 * Automatic instrumentation of the `openai` package (v5 to v7): patched when the app loads it
 * (require or import, through the hooks the register entry installs).
 *
 * @module
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { METER_VERSION } from '../../tracking/recorder.js'
import { patchOpenAIExports, unpatchOpenAIExports } from './patch.js'

export const SUPPORTED_OPENAI_VERSIONS = ['>=5.0.0 <8']

export class OpenAIInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-openai', METER_VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'openai',
      SUPPORTED_OPENAI_VERSIONS,
      (exports: unknown) => {
        patchOpenAIExports(exports)
        return exports
      },
      (exports: unknown) => {
        unpatchOpenAIExports(exports)
      },
    )
  }
}
