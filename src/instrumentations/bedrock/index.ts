/**
 * Automatic instrumentation of `@aws-sdk/client-bedrock-runtime` (AWS SDK for JavaScript v3):
 * `Converse`, `ConverseStream`, `InvokeModel` and `InvokeModelWithResponseStream` sent with
 * `client.send(command)`, patched on `BedrockRuntimeClient.prototype` when the app loads the
 * package (require or import, through the hooks the register entry installs).
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchBedrockExports, unpatchBedrockExports } from './patch.js'

export const SUPPORTED_BEDROCK_VERSIONS = ['>=3.890.0 <4']

/**
 * Patches `@aws-sdk/client-bedrock-runtime` when it is loaded. `start()` and the register entry
 * enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * import { BedrockInstrumentation } from 'llmeter/instrumentations'
 * registerInstrumentations({ instrumentations: [new BedrockInstrumentation()], meterProvider })
 */
export class BedrockInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('bedrock', config)
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@aws-sdk/client-bedrock-runtime',
      SUPPORTED_BEDROCK_VERSIONS,
      (exports: unknown) => {
        patchBedrockExports(exports, this.recorder)
        return exports
      },
      (exports: unknown) => unpatchBedrockExports(exports),
    )
  }
}
