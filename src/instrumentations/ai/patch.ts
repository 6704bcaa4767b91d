/**
 * Patches the `ai` module's exports so every model its entry points receive is wrapped with
 * llmeter's middleware: `generateText`, `streamText`, `generateObject`, `streamObject` (language
 * models), `embed`, `embedMany` (embedding models) and the `ToolLoopAgent` class (agent-class.ts);
 * the tools of the calls that take them are measured too (tools.ts). Each model
 * object is wrapped once (a WeakMap); model id strings are resolved the way the AI SDK does
 * (`globalThis.AI_SDK_DEFAULT_PROVIDER`, else the AI Gateway) and then wrapped.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { RecorderSource } from '../../recording/registry.js'
import { currentAgent } from '../../tracking/context.js'
import { measuredAgentClass } from './agent-class.js'
import { embeddingMiddleware, languageMiddleware } from './middleware.js'
import { withTools } from './tools.js'

const ORIGINAL = Symbol.for('llmeter.ai.original')
type Fn = ((...args: any[]) => any) & { [ORIGINAL]?: Fn }
type Swap = (model: unknown) => unknown
type Kind = 'languageModel' | 'embeddingModel'

const LANGUAGE = ['generateText', 'streamText', 'generateObject', 'streamObject'] as const
const EMBEDDING = ['embed', 'embedMany'] as const
const AGENTS = ['ToolLoopAgent', 'Experimental_Agent'] as const

function resolver(exports: any, kind: Kind) {
  const byProvider = new WeakMap<object, Map<string, unknown>>()
  return (id: string): unknown => {
    const provider =
      (globalThis as { AI_SDK_DEFAULT_PROVIDER?: any }).AI_SDK_DEFAULT_PROVIDER ?? exports?.gateway
    if (!provider || typeof provider[kind] !== 'function') return id
    let models = byProvider.get(provider)
    if (!models) {
      models = new Map()
      byProvider.set(provider, models)
    }
    let model = models.get(id)
    if (model === undefined) {
      model = provider[kind](id)
      if (models.size < 1000) models.set(id, model)
    }
    return model
  }
}

function modelSwapper(exports: any, wrap: Fn | undefined, middleware: () => object, kind: Kind): Swap {
  const wrapped = new WeakMap<object, object>()
  const resolve = resolver(exports, kind)
  return (given) => {
    if (typeof wrap !== 'function') return given
    try {
      const model = typeof given === 'string' ? resolve(given) : given
      if (!model || typeof model !== 'object') return given
      let result = wrapped.get(model)
      if (!result) {
        result = wrap({ model, middleware: middleware() }) as object
        wrapped.set(model, result)
        wrapped.set(result, result)
      }
      return result
    } catch (err) {
      log.debug('could not wrap an AI SDK model', err)
      return given
    }
  }
}

function withModel(options: unknown, swap: Swap): unknown {
  if (!options || typeof options !== 'object' || !('model' in options)) return options
  const model = (options as { model?: unknown }).model
  const swapped = swap(model)
  return swapped === model ? options : { ...options, model: swapped }
}

function wrapFunction(original: Fn, swap: Swap, recorder?: RecorderSource): Fn {
  if (original[ORIGINAL]) return original
  const wrapped: Fn = function (this: unknown, options: unknown, ...rest: unknown[]) {
    const given = withModel(options, swap)
    const measured = recorder ? withTools(given, currentAgent(), recorder) : given
    return original.call(this, measured, ...rest)
  }
  wrapped[ORIGINAL] = original
  return wrapped
}

/** Patches the `ai` exports in place (CJS exports or an import-in-the-middle namespace). */
export function patchAiExports(exports: any, recorder: RecorderSource): any {
  if (!exports) return exports
  const language = modelSwapper(
    exports,
    exports.wrapLanguageModel,
    () => languageMiddleware(recorder),
    'languageModel',
  )
  const embedding = modelSwapper(
    exports,
    exports.wrapEmbeddingModel,
    () => embeddingMiddleware(recorder),
    'embeddingModel',
  )
  const replace = (name: string, make: (original: Fn) => Fn) => {
    try {
      if (typeof exports[name] === 'function') exports[name] = make(exports[name])
    } catch (err) {
      log.debug(`could not patch ai.${name}`, err)
    }
  }
  for (const name of LANGUAGE) replace(name, (f) => wrapFunction(f, language, recorder))
  for (const name of EMBEDDING) replace(name, (f) => wrapFunction(f, embedding))
  // `Experimental_Agent` is `ToolLoopAgent` under another name: both get the same subclass.
  const agents = new Map<Fn, Fn>()
  for (const name of AGENTS) {
    replace(name, (f) => {
      let measured = agents.get(f)
      if (!measured) {
        measured = measuredAgentClass(f, (settings) => withModel(settings, language), recorder)
        agents.set(f, measured)
      }
      return measured
    })
  }
  return exports
}

/** Restores the original exports. */
export function unpatchAiExports(exports: any): void {
  for (const name of [...LANGUAGE, ...EMBEDDING, ...AGENTS]) {
    const current = exports?.[name] as Fn | undefined
    if (current?.[ORIGINAL]) {
      try {
        exports[name] = current[ORIGINAL]
      } catch (err) {
        log.debug(`could not unpatch ai.${name}`, err)
      }
    }
  }
}
