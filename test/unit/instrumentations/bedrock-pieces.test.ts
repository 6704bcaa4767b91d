import { describe, expect, it } from 'vitest'
import { bedrockErrorType } from '../../../src/instrumentations/bedrock/errors.js'
import { bedrockModelId } from '../../../src/instrumentations/bedrock/model-id.js'
import {
  converseUsage,
  headerUsage,
  invocationMetricsUsage,
  invokeBodyUsage,
  streamChunkMetrics,
} from '../../../src/instrumentations/bedrock/usage.js'

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('x'), { name, ...extra })
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

describe('bedrock model ids', () => {
  it('keeps foundation model and inference-profile ids as they are', () => {
    expect(bedrockModelId('anthropic.claude-3-5-haiku-20241022-v1:0')).toBe(
      'anthropic.claude-3-5-haiku-20241022-v1:0',
    )
    expect(bedrockModelId('global.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe(
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    )
    expect(bedrockModelId('')).toBeUndefined()
    expect(bedrockModelId(42)).toBeUndefined()
  })

  it('reduces foundation-model and inference-profile ARNs to the id they end with', () => {
    expect(bedrockModelId('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0')).toBe(
      'amazon.nova-lite-v1:0',
    )
    expect(
      bedrockModelId(
        'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.meta.llama3-1-8b-instruct-v1:0',
      ),
    ).toBe('eu.meta.llama3-1-8b-instruct-v1:0')
  })

  it('keeps opaque ARNs whole, so a price-table alias for them matches', () => {
    const app = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3'
    expect(bedrockModelId(app)).toBe(app)
    expect(bedrockModelId('arn:aws:s3:::bucket/key')).toBe('arn:aws:s3:::bucket/key')
    expect(bedrockModelId('arn:aws:bedrock:us-east-1:1:inference-profile/')).toBe(
      'arn:aws:bedrock:us-east-1:1:inference-profile/',
    )
  })
})

describe('bedrock usage', () => {
  it('adds the cache reads and writes to input, as Bedrock counts them apart', () => {
    expect(
      converseUsage({
        inputTokens: 20,
        outputTokens: 5,
        cacheReadInputTokens: 100,
        cacheWriteInputTokens: 3,
      }),
    ).toEqual({
      inputTokens: 123,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheWriteTokens: 3,
    })
    expect(
      invocationMetricsUsage({ inputTokenCount: 7, outputTokenCount: 2, cacheReadInputTokenCount: 5 }),
    ).toEqual({
      inputTokens: 12,
      outputTokens: 2,
      cacheReadTokens: 5,
    })
    expect(converseUsage({ totalTokens: 3 })).toBeUndefined()
    expect(converseUsage({ inputTokens: -1, outputTokens: Number.NaN })).toBeUndefined()
  })

  it('reads the token-count headers, ignoring values that are not counts', () => {
    expect(
      headerUsage({
        'x-amzn-bedrock-input-token-count': '30',
        'x-amzn-bedrock-output-token-count': '8',
        'x-amzn-bedrock-cache-write-input-token-count': '10',
      }),
    ).toEqual({ inputTokens: 40, outputTokens: 8, cacheWriteTokens: 10 })
    expect(headerUsage({ 'x-amzn-bedrock-input-token-count': 'many' })).toBeUndefined()
    expect(headerUsage(undefined)).toBeUndefined()
  })

  it('reads each model family body: Anthropic, Nova, Meta, Mistral chat', () => {
    expect(
      invokeBodyUsage({ usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 5 } }),
    ).toMatchObject({
      inputTokens: 15,
      outputTokens: 2,
      cacheReadTokens: 5,
    })
    expect(
      invokeBodyUsage({ usage: { inputTokens: 6, outputTokens: 2, cacheWriteInputTokenCount: 1 } }),
    ).toEqual({
      inputTokens: 7,
      outputTokens: 2,
      cacheWriteTokens: 1,
    })
    expect(invokeBodyUsage({ generation: '', prompt_token_count: 11, generation_token_count: 3 })).toEqual({
      inputTokens: 11,
      outputTokens: 3,
    })
    expect(
      invokeBodyUsage({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } }),
    ).toEqual({
      inputTokens: 9,
      outputTokens: 4,
    })
    expect(invokeBodyUsage({ outputs: [{ text: '' }] })).toBeUndefined()
  })

  it('finds the invocation metrics only in the chunk that carries them', () => {
    const metrics = { inputTokenCount: 1, outputTokenCount: 2 }
    expect(
      streamChunkMetrics(bytes({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics })),
    ).toEqual(metrics)
    expect(streamChunkMetrics(bytes({ type: 'content_block_delta' }))).toBeUndefined()
    expect(
      streamChunkMetrics(new TextEncoder().encode('{"amazon-bedrock-invocationMetrics": {')),
    ).toBeUndefined()
  })
})

describe('bedrock error types', () => {
  it('maps the exception names of the Bedrock Runtime API onto the taxonomy', () => {
    expect(bedrockErrorType(named('ThrottlingException'))).toBe('rate_limit')
    expect(bedrockErrorType(named('ServiceUnavailableException'))).toBe('server_error')
    expect(bedrockErrorType(named('InternalServerException'))).toBe('server_error')
    expect(bedrockErrorType(named('ModelStreamErrorException'))).toBe('server_error')
    expect(bedrockErrorType(named('ModelTimeoutException'))).toBe('timeout')
    expect(bedrockErrorType(named('ValidationException'))).toBe('invalid_request')
    expect(bedrockErrorType(named('AccessDeniedException'))).toBe('auth')
  })

  it('tells a prompt over the context window apart, then falls back to the HTTP status', () => {
    const tooLong = Object.assign(new Error('Input is too long for requested model.'), {
      name: 'ValidationException',
    })
    expect(bedrockErrorType(tooLong)).toBe('context_length')
    expect(bedrockErrorType(named('SomeNewException', { $metadata: { httpStatusCode: 502 } }))).toBe(
      'server_error',
    )
    expect(bedrockErrorType(named('SomeNewException', { $metadata: { httpStatusCode: 429 } }))).toBe(
      'rate_limit',
    )
    expect(bedrockErrorType(named('SomeNewException'))).toBe('_OTHER')
    expect(bedrockErrorType(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe('network')
    expect(bedrockErrorType(named('AbortError'))).toBe('cancelled')
  })
})
