/**
 * `llmeter/serverless`: wrappers for function handlers (AWS Lambda, and the Web `fetch` shape of
 * Vercel, Netlify, Cloudflare-style and other platforms). A function cannot be scraped and is
 * frozen between invocations, so each wrapped invocation starts llmeter if it is not running
 * (OTLP push, no scrape server) and pushes what it recorded before its promise settles, within a
 * bounded time. The handler's result or rejection is passed through unchanged.
 *
 * @module
 */
import { invocationRunner, type ServerlessOptions } from './invocation.js'

export { DEFAULT_FLUSH_TIMEOUT_MILLIS, type ServerlessOptions } from './invocation.js'

/** An AWS Lambda handler in the `async (event, context)` shape. */
export type LambdaHandler<TEvent = unknown, TContext = unknown, TResult = unknown> = (
  event: TEvent,
  context: TContext,
) => TResult | Promise<TResult>

/** A Web handler: a `Request` in, a `Response` out; further arguments (env, ctx) are passed on. */
export type FetchHandler<TRest extends unknown[] = unknown[]> = (
  request: Request,
  ...rest: TRest
) => Response | Promise<Response>

/**
 * Wraps a Lambda handler: each invocation's metrics reach the collector before it returns.
 *
 * @example
 * import OpenAI from 'openai'
 * import { instrument } from 'llmeter'
 * import { wrapLambda } from 'llmeter/serverless'
 *
 * const openai = instrument(new OpenAI())
 * export const handler = wrapLambda(async (event) => {
 *   const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: event.messages })
 *   return { statusCode: 200, body: completion.choices[0].message.content }
 * })
 */
export function wrapLambda<TEvent, TContext, TResult>(
  handler: LambdaHandler<TEvent, TContext, TResult>,
  options?: ServerlessOptions,
): (event: TEvent, context: TContext) => Promise<Awaited<TResult>> {
  const run = invocationRunner(options)
  return function llmeterLambda(this: unknown, event, context) {
    return run(() => handler.call(this, event, context))
  }
}

/**
 * Wraps a Web `fetch` handler: each request's metrics reach the collector before its `Response`
 * is returned. A streamed body is still being produced then; a call that ends with the stream is
 * pushed by the next invocation's flush.
 *
 * @example
 * import { wrapFetchHandler } from 'llmeter/serverless'
 *
 * export default wrapFetchHandler(async (request) => {
 *   const { prompt } = await request.json()
 *   const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] })
 *   return Response.json({ text: completion.choices[0].message.content })
 * })
 */
export function wrapFetchHandler<TRest extends unknown[]>(
  handler: FetchHandler<TRest>,
  options?: ServerlessOptions,
): (request: Request, ...rest: TRest) => Promise<Response> {
  const run = invocationRunner(options)
  return function llmeterFetch(this: unknown, request, ...rest) {
    return run(() => handler.call(this, request, ...rest))
  }
}
