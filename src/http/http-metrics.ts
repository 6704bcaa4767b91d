/**
 * HTTP server metrics (`http.server.request.duration`, stable semconv) through
 * `@opentelemetry/instrumentation-http`, with `http.route` filled in by the express
 * instrumentation and, for fastify, by `fastify-route.ts`. Scrapes of llmeter's own endpoint are
 * not counted. Outgoing requests are not
 * instrumented: LLM clients are measured by their own instrumentations, with GenAI attributes.
 *
 * The route reaches the HTTP metric through OTel context, so a context manager is registered when
 * the app has none.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import type { Instrumentation } from '@opentelemetry/instrumentation'
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { log } from '../internal/diag.js'
import { moduleDefinitions, runtimeWithoutLoaderHooks } from '../internal/runtime.js'
import { FastifyRouteInstrumentation } from './fastify-route.js'

function pathOf(url: string | undefined): string {
  if (!url) return '/'
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/**
 * The instrumentations behind HTTP server metrics, for `install()` to register on its
 * MeterProvider (and, where there are no loader hooks, to patch eagerly). `metricsEndpoint` is the
 * scrape path, whose requests are not measured. Registers an AsyncLocalStorage context manager
 * when the app has none (the route reaches the metric through context).
 */
export function httpMetricsInstrumentations(metricsEndpoint: string): Instrumentation[] {
  if (context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())) {
    log.debug('registered an AsyncLocalStorage context manager for http.route')
  }
  const http = new HttpInstrumentation({
    disableOutgoingRequestInstrumentation: true,
    ignoreIncomingRequestHook: (request: IncomingMessage) => pathOf(request.url) === metricsEndpoint,
  })
  if (runtimeWithoutLoaderHooks() === 'Bun') {
    // Bun's https.Server.prototype has no emit of its own: it inherits http.Server's. Patching
    // https there unwraps the http patch (the wrapper it finds is http's) and wraps only https, so
    // no plain-HTTP request would be measured. The http patch alone measures both.
    for (const definition of moduleDefinitions(http)) {
      if (definition.name !== 'https') continue
      definition.patch = (exports: unknown) => exports
      definition.unpatch = () => {}
    }
  }
  return [http, new ExpressInstrumentation(), new FastifyRouteInstrumentation()]
}
