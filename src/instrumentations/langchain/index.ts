/**
 * Automatic LangChain.js instrumentation: when the app loads `@langchain/core`'s callback manager,
 * its `_configureSync` (which every run calls to build its callbacks) is wrapped to add one
 * llmeter handler to every run. The handler class is loaded only when `@langchain/core` is
 * installed.
 *
 * @module
 */
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation'
import { log } from '../../internal/diag.js'
import { METER_VERSION } from '../../tracking/recorder.js'

const VERSIONS = ['>=0.3.0 <2']
const ORIGINAL = Symbol.for('llmeter.langchain.original')

type Manager = { handlers?: { name?: string }[]; addHandler(handler: unknown, inherit?: boolean): void }
type ManagerClass = (new () => Manager) & {
  _configureSync?: ((...args: unknown[]) => Manager | undefined) & { [ORIGINAL]?: unknown }
}

let handler: unknown
let loading: Promise<void> | undefined

/** Loads the handler class (it extends @langchain/core's base handler); quiet when LangChain is absent. */
function loadHandler(): Promise<void> {
  loading ??= import('./handler.js').then(
    (m) => {
      handler = new m.LlmeterCallbackHandler()
    },
    (err) => log.debug('LangChain handler not loaded (is @langchain/core installed?)', err),
  )
  return loading
}

function patchManager(exports: any): any {
  const CM = exports?.CallbackManager as ManagerClass | undefined
  const original = CM?._configureSync
  if (!CM || typeof original !== 'function' || original[ORIGINAL]) return exports
  const wrapped = function (this: unknown, ...args: unknown[]) {
    let manager = original.apply(this, args)
    try {
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

export class LangChainInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-langchain', METER_VERSION, {})
    void loadHandler()
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition('@langchain/core', VERSIONS, undefined, undefined, [
      new InstrumentationNodeModuleFile(
        '@langchain/core/dist/callbacks/manager.cjs',
        VERSIONS,
        patchManager,
        unpatchManager,
      ),
      new InstrumentationNodeModuleFile(
        '@langchain/core/dist/callbacks/manager.js',
        VERSIONS,
        patchManager,
        unpatchManager,
      ),
    ])
  }
}
