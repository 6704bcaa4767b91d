/**
 * Automatic instrumentation of the OpenAI Agents SDK (`@openai/agents` 0.18 up to 0.x): agent
 * invocations, tool executions, handoffs and tripped guardrails from the runner's lifecycle
 * events, and the model calls of the OpenAI provider entered in the invocation that makes them.
 * Applied when the app loads `@openai/agents`, or its parts `@openai/agents-core` (the Runner)
 * and `@openai/agents-openai` (the model classes); patching a class twice is a no-op.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation'
import type { RecorderSource } from '../../recording/registry.js'
import { LlmeterInstrumentation } from '../shared/base.js'
import { patchModels, unpatchModels } from './models.js'
import { patchRunner, unpatchRunner } from './runner.js'
import { patchToolFactory, unpatchToolFactory } from './tools.js'

export const SUPPORTED_OPENAI_AGENTS_VERSIONS = ['>=0.18.0 <1']

/** Patches whatever of the Agents SDK a module's exports hold: its Runner, its OpenAI model classes. */
export function patchOpenAIAgentsExports(exports: any, recorder: RecorderSource): void {
  if (exports?.Runner) {
    const defaultModel =
      typeof exports.getDefaultModel === 'function' ? () => exports.getDefaultModel() : undefined
    patchRunner(exports.Runner, recorder, defaultModel)
  }
  patchModels(exports)
  patchToolFactory(exports)
}

/** Undoes {@link patchOpenAIAgentsExports}. */
export function unpatchOpenAIAgentsExports(exports: any): void {
  if (exports?.Runner) unpatchRunner(exports.Runner)
  unpatchModels(exports)
  unpatchToolFactory(exports)
}

/**
 * Measures `@openai/agents` runs when the SDK is loaded. `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new OpenAIAgentsInstrumentation()], meterProvider })
 */
export class OpenAIAgentsInstrumentation extends LlmeterInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super('openai-agents', config)
  }

  protected init() {
    const module = (name: string) =>
      new InstrumentationNodeModuleDefinition(
        name,
        SUPPORTED_OPENAI_AGENTS_VERSIONS,
        (exports: unknown) => {
          patchOpenAIAgentsExports(exports, this.recorder)
          return exports
        },
        (exports: unknown) => unpatchOpenAIAgentsExports(exports),
      )
    return [module('@openai/agents'), module('@openai/agents-core'), module('@openai/agents-openai')]
  }
}
