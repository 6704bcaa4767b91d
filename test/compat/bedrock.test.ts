// @aws-sdk/client-bedrock-runtime at the low and the high end of SUPPORTED_BEDROCK_VERSIONS: the
// real client of each version, patched through its module exports as the load hook does, against
// a local Bedrock wire-format server (JSON and binary event streams over HTTP/2).
import * as bedrockHigh from '@aws-sdk/client-bedrock-runtime'
import * as bedrockLow from '@aws-sdk/client-bedrock-runtime-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_BEDROCK_VERSIONS } from '../../src/instrumentations/bedrock/index.js'
import { patchBedrockExports, unpatchBedrockExports } from '../../src/instrumentations/bedrock/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { exceptionFrame } from '../support/bedrock-event-stream.js'
import {
  type BedrockServer,
  converseReply,
  converseStreamFrames,
  invokeReply,
  invokeStreamFrames,
  startBedrockServer,
} from '../support/bedrock-server.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectDeclared, installedVersion, MATRIX, readAll } from './support/matrix.js'

process.env.AWS_EC2_METADATA_DISABLED = 'true'
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const messages = [{ role: 'user', content: [{ text: 'hi' }] }]

const rows = [
  { end: 'low', name: MATRIX.bedrock.low, module: bedrockLow as any },
  { end: 'high', name: MATRIX.bedrock.high, module: bedrockHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

describe.each(rows)('@aws-sdk/client-bedrock-runtime $version ($end end, $name)', ({ module, version }) => {
  let server: BedrockServer
  let h: Harness
  let client: any
  const base = (model: string) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'aws.bedrock',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'server.address': '127.0.0.1',
    'server.port': server.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'aws.bedrock',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string) =>
    h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })
  const send = (command: string, input: Record<string, unknown>) => client.send(new module[command](input))

  beforeAll(async () => {
    server = await startBedrockServer()
    patchBedrockExports(module, defaultRecorder)
    client = new module.BedrockRuntimeClient({ region: 'us-east-1', endpoint: server.url, credentials })
    // A client learns the address it sends to from its first request: make that one here.
    server.reply(converseReply({ inputTokens: 1, outputTokens: 1 }))
    await send('ConverseCommand', { modelId: 'warm-up', messages })
  })
  afterAll(async () => {
    client.destroy()
    unpatchBedrockExports(module)
    await server.close()
  })
  beforeEach(() => {
    h = createHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_BEDROCK_VERSIONS)
  })

  it('Converse: input with cache reads and writes, exact tokens, one duration sample', async () => {
    server.reply(
      converseReply({
        inputTokens: 20,
        outputTokens: 7,
        cacheReadInputTokens: 100,
        cacheWriteInputTokens: 30,
      }),
    )
    const output = await send('ConverseCommand', { modelId: 'plain', messages })
    expect(output.usage.totalTokens).toBe(157)
    expect(await tokens('plain', 'input')).toBe(150)
    expect(await tokens('plain', 'output')).toBe(7)
    expect(await tokens('plain', 'cache_write')).toBe(30)
    expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
  })

  it('ConverseStream: the caller sees every event; usage from metadata and chunk timings recorded', async () => {
    server.reply({ frames: converseStreamFrames({ inputTokens: 40, outputTokens: 9 }, ['a', 'b', 'c']) })
    const output = await send('ConverseStreamCommand', { modelId: 'stream', messages })
    const events = await readAll<any>(output.stream)
    expect(events.filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta.delta.text)).toEqual([
      'a',
      'b',
      'c',
    ])
    expect(events.at(-1).metadata.usage.inputTokens).toBe(40)
    expect(await tokens('stream', 'input')).toBe(40)
    expect(await tokens('stream', 'output')).toBe(9)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
  })

  it('InvokeModel and InvokeModelWithResponseStream: headers and invocation metrics', async () => {
    server.reply(invokeReply({ usage: { input_tokens: 1, output_tokens: 1 } }, { input: 30, output: 8 }), {
      frames: invokeStreamFrames(
        [{ type: 'message_start' }, { type: 'content_block_delta' }, { type: 'message_stop' }],
        {
          inputTokenCount: 25,
          outputTokenCount: 6,
        },
      ),
    })
    const output = await send('InvokeModelCommand', { modelId: 'invoke', body: '{}' })
    expect(JSON.parse(new TextDecoder().decode(output.body)).usage.input_tokens).toBe(1)
    const streamed = await send('InvokeModelWithResponseStreamCommand', { modelId: 'invoke', body: '{}' })
    expect((await readAll<any>(streamed.body)).length).toBe(3)
    expect(await tokens('invoke', 'input')).toBe(55)
    expect(await tokens('invoke', 'output')).toBe(14)
    expect(await h.value('llmeter.llm.requests', base('invoke'))).toBe(2)
  })

  it('stream abandoned mid-way: one cancelled call; an exception event: one server_error', async () => {
    server.reply(
      { frames: converseStreamFrames({ inputTokens: 1, outputTokens: 1 }, ['a', 'b', 'c']) },
      {
        frames: [
          ...converseStreamFrames(undefined, ['a']),
          exceptionFrame('modelStreamErrorException', { message: 'boom' }),
        ],
      },
    )
    const output = await send('ConverseStreamCommand', { modelId: 'brk', messages })
    let seen = 0
    for await (const _ of output.stream) if (++seen === 2) break
    expect(seen).toBe(2)
    const failing = await send('ConverseStreamCommand', { modelId: 'brk', messages })
    const error = await readAll(failing.stream).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.name).toBe('ModelStreamErrorException')
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'server_error' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a throttled attempt the client retries: one rate limit, one retry by rate_limit, one success', async () => {
    server.reply(
      { status: 429, errorType: 'ThrottlingException' },
      converseReply({ inputTokens: 3, outputTokens: 2 }),
    )
    const output = await send('ConverseCommand', { modelId: 'limited', messages })
    expect(output.$metadata.attempts).toBe(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
    expect(await tokens('limited', 'output')).toBe(2)
  })
})
