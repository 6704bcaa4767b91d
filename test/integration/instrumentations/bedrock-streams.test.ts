// @aws-sdk/client-bedrock-runtime streams instrumented with instrument(client), in-process, against a
// local server speaking the binary event-stream framing over HTTP/2: ConverseStream and
// InvokeModelWithResponseStream read to the end, broken out of, aborted, failing and cut.
import { ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime'
import { describe, expect, it } from 'vitest'
import { exceptionFrame } from '../../support/bedrock-event-stream.js'
import { bedrockFixture, HAIKU, json, messages, NOVA, readAll } from '../../support/bedrock-fixture.js'
import { converseStreamFrames, invokeStreamFrames } from '../../support/bedrock-server.js'

const f = bedrockFixture()
const { base, full, tokens, failed } = f

describe('ConverseStream', () => {
  it('records ConverseStream: events unchanged, chunks timed, usage from the last (metadata) event', async () => {
    f.server.reply({ frames: converseStreamFrames({ inputTokens: 40, outputTokens: 9 }, ['Hel', 'lo', '!']) })
    const output = await f.client.send(new ConverseStreamCommand({ modelId: NOVA, messages }))
    expect(await f.h.value('llmeter.llm.active_requests', base(NOVA))).toBe(1)
    const events = await readAll(output.stream)
    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hel' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'lo' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: '!' } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'end_turn' } },
      {
        metadata: {
          usage: { inputTokens: 40, outputTokens: 9, totalTokens: 49 },
          metrics: { latencyMs: 210 },
        },
      },
    ])
    expect(await tokens(NOVA, 'input')).toBe(40)
    expect(await tokens(NOVA, 'output')).toBe(9)
    expect((await f.h.histogram('gen_ai.client.operation.time_to_first_chunk', full(NOVA)))?.count).toBe(1)
    expect((await f.h.histogram('gen_ai.client.operation.time_per_output_chunk', full(NOVA)))?.count).toBe(1)
    expect(await f.h.value('llmeter.llm.requests', base(NOVA))).toBe(1)
    expect(await f.h.value('llmeter.llm.active_requests', base(NOVA))).toBe(0)
  })

  it('records a stream the caller breaks out of once, as cancelled', async () => {
    f.server.reply({ frames: converseStreamFrames({ inputTokens: 4, outputTokens: 2 }, ['a', 'b']) })
    const output = await f.client.send(new ConverseStreamCommand({ modelId: 'brk', messages }))
    for await (const event of output.stream!) {
      expect(event).toEqual({ messageStart: { role: 'assistant' } })
      break
    }
    expect(await failed('brk', 'cancelled')).toBe(1)
    expect(await f.h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await tokens('brk', 'input')).toBeUndefined()
    expect(await f.h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('records a stream the caller aborts with abortSignal once, as cancelled', async () => {
    f.server.reply({ frames: converseStreamFrames({ inputTokens: 4, outputTokens: 2 }, ['a', 'b', 'c']) })
    const controller = new AbortController()
    const output = await f.client.send(new ConverseStreamCommand({ modelId: 'abort', messages }), {
      abortSignal: controller.signal,
    })
    const seen: unknown[] = []
    const error: Error | undefined = await (async () => {
      for await (const event of output.stream!) {
        seen.push(event)
        controller.abort()
      }
    })().then(
      () => undefined,
      (e: Error) => e,
    )
    // The SDK ends the iteration quietly when the call is aborted mid-stream: no error for the host.
    expect(error).toBeUndefined()
    expect(seen).toEqual([{ messageStart: { role: 'assistant' } }])
    expect(await f.h.value('llmeter.llm.requests', base('abort'))).toBeUndefined()
    expect(await failed('abort', 'cancelled')).toBe(1)
    expect(await f.h.value('llmeter.llm.active_requests', base('abort'))).toBe(0)
  })

  it('classifies an exception event inside the stream, which the host gets as the named exception', async () => {
    f.server.reply(
      {
        frames: [
          ...converseStreamFrames(undefined, ['a']),
          exceptionFrame('modelStreamErrorException', { message: 'boom', originalStatusCode: 500 }),
        ],
      },
      {
        frames: [
          ...converseStreamFrames(undefined, ['a']).slice(0, 2),
          exceptionFrame('throttlingException', { message: 'slow down' }),
        ],
      },
    )
    const names: string[] = []
    for (let i = 0; i < 2; i++) {
      const output = await f.client.send(new ConverseStreamCommand({ modelId: 'boom', messages }))
      await readAll(output.stream).catch((error: Error) => names.push(error.name))
    }
    expect(names).toEqual(['ModelStreamErrorException', 'ThrottlingException'])
    expect(await failed('boom', 'server_error')).toBe(1)
    expect(await failed('boom', 'rate_limit')).toBe(1)
    expect(await f.h.value('llmeter.llm.active_requests', base('boom'))).toBe(0)
  })

  it('records a stream cut mid-way, which the SDK ends quietly, as failed by network', async () => {
    f.server.reply({ frames: converseStreamFrames(undefined, ['a', 'b']).slice(0, 2), cut: true })
    const output = await f.client.send(new ConverseStreamCommand({ modelId: 'cut', messages }))
    const events = await readAll(output.stream)
    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'a' } } },
    ])
    expect(await failed('cut', 'network')).toBe(1)
    expect(await f.h.value('llmeter.llm.requests', base('cut'))).toBeUndefined()
    expect(await tokens('cut', 'input')).toBeUndefined()
    expect(await f.h.value('llmeter.llm.active_requests', base('cut'))).toBe(0)
  })
})

describe('InvokeModelWithResponseStream', () => {
  it('records InvokeModelWithResponseStream: chunks unchanged, usage from the invocation metrics', async () => {
    const events = [
      { type: 'message_start', message: { usage: { input_tokens: 25, output_tokens: 1 } } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 6 } },
      { type: 'message_stop' },
    ]
    const metrics = { inputTokenCount: 25, outputTokenCount: 6, invocationLatency: 300, firstByteLatency: 90 }
    f.server.reply({ frames: invokeStreamFrames(events, metrics) })
    const output = await f.client.send(
      new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body: '{}' }),
    )
    const seen = (await readAll(output.body)).map((event) => json(event.chunk?.bytes))
    expect(seen).toEqual([
      ...events.slice(0, 4),
      { type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics },
    ])
    expect(await tokens(HAIKU, 'input')).toBe(25)
    expect(await tokens(HAIKU, 'output')).toBe(6)
    expect((await f.h.histogram('gen_ai.client.operation.time_per_output_chunk', full(HAIKU)))?.count).toBe(1)
    expect(await f.h.value('llmeter.llm.active_requests', base(HAIKU))).toBe(0)
  })
})
