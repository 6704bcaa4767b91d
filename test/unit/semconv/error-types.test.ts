import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { classifyError } from '../../../src/semconv/error-types.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'

const apiError = (Cls: any, status: number, body: unknown) => new Cls(status, body, undefined, new Headers())
const thrown = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
const syntaxError = () => thrown(() => JSON.parse('{"id": "x", oops'))
/** The error JSON.stringify throws for `value` (an object made circular, or a BigInt). */
const stringifyError = (value: unknown) => {
  if (value && typeof value === 'object') (value as { self: unknown }).self = value
  return thrown(() => JSON.stringify(value))
}

describe('error.type classification', () => {
  it.each([
    [
      'openai 429',
      apiError(OpenAI.RateLimitError, 429, { error: { type: 'rate_limit_exceeded' } }),
      'rate_limit',
    ],
    ['openai 401', apiError(OpenAI.AuthenticationError, 401, {}), 'auth'],
    ['openai 403', apiError(OpenAI.PermissionDeniedError, 403, {}), 'auth'],
    [
      'openai context length',
      apiError(OpenAI.BadRequestError, 400, { code: 'context_length_exceeded', message: 'too long' }),
      'context_length',
    ],
    [
      'openai content filter',
      apiError(OpenAI.BadRequestError, 400, { code: 'content_filter' }),
      'content_filter',
    ],
    ['openai 422', apiError(OpenAI.UnprocessableEntityError, 422, {}), 'invalid_request'],
    ['openai 500', apiError(OpenAI.InternalServerError, 500, {}), 'server_error'],
    ['openai timeout', new OpenAI.APIConnectionTimeoutError(), 'timeout'],
    ['openai connection', new OpenAI.APIConnectionError({ message: 'x' }), 'network'],
    ['openai user abort', new OpenAI.APIUserAbortError(), 'cancelled'],
    // What the clients throw for a 200 whose body is not JSON, and for a body JSON cannot encode.
    ['a body that does not parse', syntaxError(), 'invalid_response'],
    [
      'an AI SDK JSON parse error',
      Object.assign(new Error('x'), { name: 'AI_JSONParseError' }),
      'invalid_response',
    ],
    ['a circular request body', stringifyError({ self: undefined as unknown }), 'serialization'],
    ['a BigInt in the request body', stringifyError(1n), 'serialization'],
    ['a TypeError of another kind', new TypeError('x is not a function'), '_OTHER'],
    [
      'anthropic 529',
      apiError(Anthropic.InternalServerError, 529, { type: 'error', error: { type: 'overloaded_error' } }),
      'server_error',
    ],
    [
      'anthropic 429',
      apiError(Anthropic.RateLimitError, 429, { type: 'error', error: { type: 'rate_limit_error' } }),
      'rate_limit',
    ],
    [
      'anthropic prompt too long',
      apiError(Anthropic.BadRequestError, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens' },
      }),
      'context_length',
    ],
    // Errors inside a stream: no status, the kind is in the body's type or code.
    [
      'openai stream error chunk',
      apiError(OpenAI.APIError, undefined as never, { type: 'server_error', message: 'x' }),
      'server_error',
    ],
    [
      'openai responses error event',
      apiError(OpenAI.APIError, undefined as never, { type: 'error', code: 'rate_limit_exceeded' }),
      'rate_limit',
    ],
    ['responses response.failed error', { code: 'server_error', message: 'failed' }, 'server_error'],
    ['responses invalid prompt', { code: 'invalid_prompt', message: 'no' }, 'invalid_request'],
    [
      'anthropic stream error event',
      apiError(Anthropic.APIError, undefined as never, { type: 'error', error: { type: 'api_error' } }),
      'server_error',
    ],
    [
      'anthropic envelope only',
      { type: 'error', error: { type: 'error', error: { type: 'timeout_error' } } },
      'timeout',
    ],
    [
      'a status wins over the type',
      apiError(OpenAI.BadRequestError, 400, { type: 'server_error' }),
      'invalid_request',
    ],
    ['unknown type', { type: 'mystery_error' }, '_OTHER'],
    ['a prototype key', { type: 'constructor', code: '__proto__' }, '_OTHER'],
    ['budget', new BudgetExceededError('b', 1, 2), 'budget_exceeded'],
    ['DOM abort', new DOMException('aborted', 'AbortError'), 'cancelled'],
    ['refused', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'network'],
    ['fetch failed', new TypeError('fetch failed'), 'network'],
    ['plain error', new Error('boom'), '_OTHER'],
    ['a string', 'nope', '_OTHER'],
    ['null', null, '_OTHER'],
  ])('%s -> %s', (_name, error, expected) => {
    expect(classifyError(error)).toBe(expected)
  })
})
