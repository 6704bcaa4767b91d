/**
 * Automatic instrumentation of the Vercel AI SDK (`ai` 5 to 7): when the app loads `ai`, its
 * `generateText`, `streamText`, `embed` and `embedMany` are wrapped so the model they are given is
 * wrapped with llmeter's middleware (once per model object). Models given as plain id strings (the
 * AI Gateway) are passed through unmeasured: wrap those explicitly.
 *
 * @module
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { log } from '../../internal/diag.js'
import { METER_VERSION } from '../../tracking/recorder.js'
import { llmeterEmbeddingMiddleware, llmeterMiddleware } from './middleware.js'

const ORIGINAL = Symbol.for('llmeter.ai.original')
type Fn = ((...args: any[]) => any) & { [ORIGINAL]?: Fn }

function modelWrapper(wrap: Fn | undefined, middleware: () => object) {
  const cache = new WeakMap<object, object>()
  return (model: unknown) => {
    if (!wrap || !model || typeof model !== 'object') return model
    let wrapped = cache.get(model)
    if (!wrapped) {
      try {
        wrapped = wrap({ model, middleware: middleware() }) as object
        cache.set(model, wrapped)
      } catch (err) {
        log.debug('could not wrap an AI SDK model', err)
        return model
      }
    }
    return wrapped
  }
}

function wrapEntry(original: Fn, swapModel: (model: unknown) => unknown): Fn {
  if (original[ORIGINAL]) return original
  const wrapped: Fn = function (this: unknown, options: any, ...rest: any[]) {
    let args = options
    try {
      if (options && typeof options === 'object' && options.model)
        args = { ...options, model: swapModel(options.model) }
    } catch {
      args = options
    }
    return original.call(this, args, ...rest)
  }
  wrapped[ORIGINAL] = original
  return wrapped
}

export function patchAiExports(exports: any): any {
  const language = modelWrapper(exports?.wrapLanguageModel, llmeterMiddleware)
  const embedding = modelWrapper(exports?.wrapEmbeddingModel, llmeterEmbeddingMiddleware)
  for (const [name, swap] of [
    ['generateText', language],
    ['streamText', language],
    ['embed', embedding],
    ['embedMany', embedding],
  ] as const) {
    if (typeof exports?.[name] === 'function') exports[name] = wrapEntry(exports[name], swap)
  }
  return exports
}

export function unpatchAiExports(exports: any): void {
  for (const name of ['generateText', 'streamText', 'embed', 'embedMany']) {
    const fn = exports?.[name] as Fn | undefined
    if (fn?.[ORIGINAL]) exports[name] = fn[ORIGINAL]
  }
}

export class VercelAiInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-ai', METER_VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition('ai', ['>=5.0.0 <8'], patchAiExports, unpatchAiExports)
  }
}

export { llmeterEmbeddingMiddleware, llmeterMiddleware } from './middleware.js'
