/**
 * Automatic LangChain.js instrumentation: when the app loads `@langchain/core`'s callback manager,
 * its `_configureSync` (which every run calls to build its callbacks) is wrapped to add one
 * llmeter handler to every run. The handler class is loaded on the first run (it needs
 * `@langchain/core`).
 *
 * @module
 */

import { createRequire } from 'node:module'
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
type ManagerClass = {
  _configureSync?: ((...args: unknown[]) => Manager | undefined) & { [ORIGINAL]?: unknown }
}

/**
 * The handler the patch adds to every run, made on the first run that needs it: it extends
 * @langchain/core's base handler, so it can only load once LangChain has.
 */
interface HandlerSlot {
  readonly recorder: RecorderSource
  handler?: unknown
  tried?: boolean
}

/**
 * The slot's handler, loading its module on first use. Loaded synchronously (`require` of an ES
 * module), so a run started as soon as the app loads LangChain (a CommonJS app that runs straight
 * away) has it too: an `import()` here settled only after such runs had gone by unrecorded. Where
 * a synchronous load is not possible, `import()` fills the slot for later runs. Never throws.
 */
function handlerOf(slot: HandlerSlot): unknown {
  if (slot.handler || slot.tried) return slot.handler
  slot.tried = true
  type HandlerModule = typeof import('./handler.js')
  const fill = (m: HandlerModule) => {
    slot.handler = m.createCallbackHandler(slot.recorder)
  }
  try {
    fill(createRequire(import.meta.url)('./handler.js') as HandlerModule)
  } catch (err) {
    log.debug('LangChain handler not loaded synchronously; loading it for later runs', err)
    import('./handler.js').then(fill).catch((e: unknown) => log.debug('LangChain handler not loaded', e))
  }
  return slot.handler
}

function patchManager(exports: any, slot: HandlerSlot): any {
  const CM = exports?.CallbackManager as ManagerClass | undefined
  const original = CM?._configureSync
  if (!CM || typeof original !== 'function' || original[ORIGINAL]) return exports
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const handler = handlerOf(slot)
    // (inheritableHandlers, localHandlers, ...): a run with neither gets no manager from LangChain.
    // Ours is then handed in as the run's handlers, so LangChain builds the manager itself, with
    // the run's tags and metadata; a bare manager made here had lost `ls_provider`, and the handler
    // then recorded calls the SDK patch already records (twice, under the class name).
    if (handler && !args[0] && !args[1]) return original.apply(this, [[handler], ...args.slice(1)])
    const manager = original.apply(this, args)
    try {
      if (handler && manager && !manager.handlers?.some((h) => h.name === 'llmeter')) {
        manager.addHandler(handler, true)
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
  private readonly slot: HandlerSlot = { recorder: this.recorder }

  constructor(config: InstrumentationConfig = {}) {
    super('langchain', config)
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
