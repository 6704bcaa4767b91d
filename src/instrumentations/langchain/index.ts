/**
 * Automatic LangChain.js instrumentation: when the app loads `@langchain/core`'s callback manager,
 * its `_configureSync` (which every run calls to build its callbacks) is wrapped to add one
 * llmeter handler to every run. The handler class is loaded only when `@langchain/core` is
 * installed.
 *
 * @module
 */
import {
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation'
import { log } from '../../internal/diag.js'
import type { RecorderSource } from '../../recording/registry.js'
import { LlmeterInstrumentation } from '../shared/base.js'

const VERSIONS = ['>=0.3.0 <2']
const ORIGINAL = Symbol.for('llmeter.langchain.original')

type Manager = { handlers?: { name?: string }[]; addHandler(handler: unknown, inherit?: boolean): void }
type ManagerClass = (new () => Manager) & {
  _configureSync?: ((...args: unknown[]) => Manager | undefined) & { [ORIGINAL]?: unknown }
}

/** A handler slot, filled once the handler class has loaded (it needs @langchain/core). */
type HandlerSlot = { handler?: unknown }

/** Loads the handler class (it extends @langchain/core's base handler); quiet when LangChain is absent. */
function loadHandler(slot: HandlerSlot, recorder: RecorderSource): void {
  import('./handler.js').then(
    (m) => {
      slot.handler = m.createCallbackHandler(recorder)
    },
    (err) => log.debug('LangChain handler not loaded (is @langchain/core installed?)', err),
  )
}

function patchManager(exports: any, slot: HandlerSlot): any {
  const CM = exports?.CallbackManager as ManagerClass | undefined
  const original = CM?._configureSync
  if (!CM || typeof original !== 'function' || original[ORIGINAL]) return exports
  const wrapped = function (this: unknown, ...args: unknown[]) {
    let manager = original.apply(this, args)
    try {
      const handler = slot.handler
      if (handler) {
        manager ??= new CM()
        if (!manager.handlers?.some((h) => h.name === 'llmeter')) manager.addHandler(handler, true)
      }
    } catch (err) {
      log.debug('could not add the llmeter LangChain handler', err)
    }
    return manager
  }
  ;(wrapped as typeof original)[ORIGINAL] = original
  CM._configureSync = wrapped
  return exports
}

function unpatchManager(exports: any): void {
  const CM = exports?.CallbackManager as ManagerClass | undefined
  const current = CM?._configureSync
  if (CM && current?.[ORIGINAL]) CM._configureSync = current[ORIGINAL] as ManagerClass['_configureSync']
}

/**
 * Adds one llmeter callback handler to every LangChain run when `@langchain/core` is loaded.
 * `start()` and the register entry enable it.
 *
 * @example
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * registerInstrumentations({ instrumentations: [new LangChainInstrumentation()], meterProvider })
 */
export class LangChainInstrumentation extends LlmeterInstrumentation {
  private readonly slot: HandlerSlot = {}

  constructor(config: InstrumentationConfig = {}) {
    super('langchain', config)
    loadHandler(this.slot, this.recorder)
  }

  protected init() {
    const patch = (exports: unknown) => patchManager(exports, this.slot)
    const file = (name: string) => new InstrumentationNodeModuleFile(name, VERSIONS, patch, unpatchManager)
    return new InstrumentationNodeModuleDefinition('@langchain/core', VERSIONS, undefined, undefined, [
      file('@langchain/core/dist/callbacks/manager.cjs'),
      file('@langchain/core/dist/callbacks/manager.js'),
    ])
  }
}
