/**
 * `http.route` for fastify apps. The contrib fastify instrumentation targets older OTel packages,
 * so llmeter adds one `onRequest` hook to every fastify instance: it writes the matched route
 * template (`/users/:id`) into the RPC metadata that instrumentation-http keeps in context for the
 * request, and instrumentation-http puts it on `http.server.request.duration`.
 *
 * @module
 */
import { context } from '@opentelemetry/api'
import { getRPCMetadata, RPCType } from '@opentelemetry/core'
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { VERSION } from '../version.js'

const HOOKED = Symbol.for('llmeter.fastify.route')

interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (request: { routeOptions?: { url?: string } }, reply: unknown, done: () => void) => void,
  ): unknown
  [HOOKED]?: true
}

function addRouteHook(app: FastifyLike): void {
  if (!app || typeof app.addHook !== 'function' || app[HOOKED]) return
  app[HOOKED] = true
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      const metadata = getRPCMetadata(context.active())
      const route = request.routeOptions?.url
      if (metadata?.type === RPCType.HTTP && route) metadata.route = route
    } catch {
      // Never let route bookkeeping fail a request.
    }
    done()
  })
}

type Factory = ((...args: unknown[]) => FastifyLike) & Record<string, unknown>

function wrapFactory(original: Factory): Factory {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const app = original.apply(this, args)
    addRouteHook(app)
    return app
  } as Factory
  Object.assign(wrapped, original)
  wrapped.fastify = wrapped
  wrapped.default = wrapped
  return wrapped
}

export class FastifyRouteInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-fastify-route', VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition('fastify', ['>=4.0.0 <6'], (exports: any) => {
      if (typeof exports === 'function') return wrapFactory(exports)
      // ESM namespace (import-in-the-middle): replace the default and named factory.
      if (typeof exports?.default === 'function') {
        const wrapped = wrapFactory(exports.default)
        exports.default = wrapped
        if (typeof exports.fastify === 'function') exports.fastify = wrapped
      }
      return exports
    })
  }
}
