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
import { context, type MeterProvider } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { log } from '../internal/diag.js'
import { FastifyRouteInstrumentation } from './fastify-route.js'

function pathOf(url: string | undefined): string {
  if (!url) return '/'
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/**
 * Enables HTTP server metrics on `meterProvider`. Returns a function that disables them.
 * `metricsEndpoint` is the scrape path, whose requests are not measured.
 */
export function enableHttpMetrics(meterProvider: MeterProvider, metricsEndpoint: string): () => void {
  if (context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())) {
    log.debug('registered an AsyncLocalStorage context manager for http.route')
  }
  const http = new HttpInstrumentation({
    disableOutgoingRequestInstrumentation: true,
    ignoreIncomingRequestHook: (request: IncomingMessage) => pathOf(request.url) === metricsEndpoint,
  })
  const express = new ExpressInstrumentation()
  return registerInstrumentations({
    instrumentations: [http, express, new FastifyRouteInstrumentation()],
    meterProvider,
  })
}
