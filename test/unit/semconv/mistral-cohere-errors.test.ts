// The error classes of @mistralai/mistralai and cohere-ai, built as each SDK builds them, map onto
// the error.type taxonomy.
import {
  ConnectionError,
  RequestAbortedError,
  RequestTimeoutError,
  SDKError,
  UnexpectedClientError,
} from '@mistralai/mistralai/models/errors'
import { Cohere, CohereError, CohereTimeoutError } from 'cohere-ai'
import { describe, expect, it } from 'vitest'
import { classifyError } from '../../../src/semconv/error-types.js'

const httpMeta = (status: number) => ({
  request: new Request('http://127.0.0.1/v1/chat/completions'),
  response: new Response('{"object":"error"}', { status, headers: { 'content-type': 'application/json' } }),
  body: '{"object":"error"}',
})

describe('Mistral SDK errors', () => {
  it.each([
    [429, 'rate_limit'],
    [401, 'auth'],
    [422, 'invalid_request'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('an SDKError with status %i is %s', (status, type) => {
    expect(classifyError(new SDKError('API error occurred', httpMeta(status)))).toBe(type)
  })

  it('classifies its client errors by class: connection, timeout, abort', () => {
    const cause = new TypeError('fetch failed')
    expect(classifyError(new ConnectionError('Unable to make request', { cause }))).toBe('network')
    expect(classifyError(new RequestTimeoutError('Request timed out', { cause }))).toBe('timeout')
    expect(classifyError(new RequestAbortedError('Request aborted by client', { cause }))).toBe('cancelled')
    expect(
      classifyError(new UnexpectedClientError('Unexpected HTTP client error', { cause: new Error('x') })),
    ).toBe('_OTHER')
  })
})

describe('Cohere SDK errors', () => {
  const raw = {
    headers: new Headers(),
    redirected: false,
    status: 0,
    statusText: '',
    type: 'basic' as const,
    url: '',
  }
  it.each([
    [new Cohere.TooManyRequestsError({ message: 'slow down' }, raw), 'rate_limit'],
    [new Cohere.UnauthorizedError({}, raw), 'auth'],
    [new Cohere.InvalidTokenError({}, raw), 'auth'],
    [new Cohere.BadRequestError({}, raw), 'invalid_request'],
    [new Cohere.InternalServerError({}, raw), 'server_error'],
    [new Cohere.GatewayTimeoutError({}, raw), 'server_error'],
    [new CohereTimeoutError('Timeout exceeded when calling POST /v2/chat.'), 'timeout'],
  ])('%s is %s', (error, type) => {
    expect(classifyError(error)).toBe(type)
  })

  it('classifies a transport failure by its cause', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    expect(classifyError(new CohereError({ message: 'fetch failed', cause }))).toBe('network')
  })
})
