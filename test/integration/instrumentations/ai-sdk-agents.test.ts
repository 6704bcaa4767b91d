import { createOpenAI } from '@ai-sdk/openai'
import * as ai from 'ai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { patchAiExports } from '../../../src/instrumentations/ai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { withAgent } from '../../../src/tracking/agent.js'
import { type ChatToolsServer, startChatToolsServer } from '../../support/chat-tools-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

// The automatic mode's patch on a copy of the exports, the real `ai` and @ai-sdk/openai against a
// Chat Completions wire server that asks for a tool, then answers.
let server: ChatToolsServer
let h: Harness
let patched: typeof ai

const weatherCalls: unknown[] = []
const weather = ai.tool({
  description: 'Weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    weatherCalls.push(city)
    return { city, sky: 'sunny' }
  },
})
const broken = ai.tool({
  description: 'Always fails',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }): Promise<string> => {
    throw Object.assign(new Error(`down in ${city}`), { name: 'TimeoutError' })
  },
})

const model = (id = 'gpt-4o-mini') => createOpenAI({ apiKey: 'sk-test', baseURL: server.url }).chat(id)
const tool = (name: string, agent?: string, extra: Record<string, string> = {}) => ({
  'gen_ai.tool.name': name,
  'gen_ai.tool.type': 'function',
  ...(agent ? { 'gen_ai.agent.name': agent } : {}),
  ...extra,
})
const calls = (agent: string) => ({ 'gen_ai.agent.name': agent })

beforeEach(async () => {
  server = await startChatToolsServer()
  h = createHarness()
  patched = patchAiExports({ ...ai }, defaultRecorder)
  weatherCalls.length = 0
})
afterEach(async () => {
  await h.close()
  await server.close()
})

describe('AI SDK tools and agents (automatic)', () => {
  it('records each tool generateText executes, and leaves the host tools object as it was', async () => {
    const tools = { weather }
    const result = await patched.generateText({
      model: model(),
      tools,
      stopWhen: ai.stepCountIs(3),
      prompt: 'weather?',
    })
    expect(result.text).toBe('It is sunny.')
    expect(result.steps[0]?.toolResults[0]?.output).toEqual({ city: 'Paris', sky: 'sunny' })
    expect(tools.weather).toBe(weather)
    expect(weatherCalls).toEqual(['Paris'])
    expect(await h.value('llmeter.tool.executions', tool('weather'))).toBe(1)
    expect((await h.histogram('gen_ai.execute_tool.duration', tool('weather')))?.count).toBe(1)
    expect(
      await h.value('llmeter.llm.requests', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
      }),
    ).toBe(2)
  })

  it('inside withAgent, streamText steps are inference calls and tools carry the agent name', async () => {
    await withAgent('planner', async () => {
      const result = patched.streamText({
        model: model(),
        tools: { weather },
        stopWhen: ai.stepCountIs(3),
        prompt: 'w',
      })
      let text = ''
      for await (const part of result.textStream) text += part
      expect(text).toBe('It is sunny.')
    })
    expect(await h.value('llmeter.tool.executions', tool('weather', 'planner'))).toBe(1)
    expect(await h.histogram('gen_ai.invoke_agent.inference_calls', calls('planner'))).toMatchObject({
      count: 1,
      sum: 2,
    })
    expect(await h.histogram('gen_ai.invoke_agent.tool_calls', calls('planner'))).toMatchObject({
      count: 1,
      sum: 1,
    })
  })

  it('records a failing tool with its error type; the SDK still sees the very error', async () => {
    const result = await patched.generateText({
      model: model(),
      tools: { broken },
      stopWhen: ai.stepCountIs(2),
      prompt: 'w',
    })
    const error = result.steps[0]?.content.find((p) => p.type === 'tool-error') as { error?: Error }
    expect(error?.error?.message).toBe('down in Paris')
    expect(
      await h.value('llmeter.tool.executions', tool('broken', undefined, { 'error.type': 'timeout' })),
    ).toBe(1)
  })

  it('a streaming tool (async generator) hands the SDK every part and ends with its last one', async () => {
    const progress = ai.tool({
      description: 'Weather with progress',
      inputSchema: z.object({ city: z.string() }),
      async *execute({ city }) {
        yield { status: 'looking', city }
        yield { status: 'done', city, sky: 'sunny' }
      },
    })
    const result = await patched.generateText({
      model: model(),
      tools: { progress },
      stopWhen: ai.stepCountIs(3),
      prompt: 'w',
    })
    expect(result.steps[0]?.toolResults[0]?.output).toEqual({ status: 'done', city: 'Paris', sky: 'sunny' })
    expect(await h.value('llmeter.tool.executions', tool('progress'))).toBe(1)
  })

  it('a ToolLoopAgent generate() is one invoke_agent with its id, model, steps and tools', async () => {
    const agent = new patched.ToolLoopAgent({
      id: 'weather-bot',
      model: model('gpt-4.1'),
      tools: { weather },
    })
    expect(agent).toBeInstanceOf(ai.ToolLoopAgent)
    expect(agent.tools.weather).toBe(weather)
    const result = await agent.generate({ prompt: 'weather?' })
    expect(result.text).toBe('It is sunny.')
    const name = calls('weather-bot')
    expect(
      await h.value('llmeter.agent.invocations', {
        ...name,
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4.1',
      }),
    ).toBe(1)
    expect(
      (await h.histogram('gen_ai.invoke_agent.duration', { ...name, 'gen_ai.request.model': 'gpt-4.1' }))
        ?.count,
    ).toBe(1)
    expect(await h.histogram('gen_ai.invoke_agent.inference_calls', name)).toMatchObject({ count: 1, sum: 2 })
    expect(await h.histogram('gen_ai.invoke_agent.tool_calls', name)).toMatchObject({ count: 1, sum: 1 })
    expect(await h.value('llmeter.tool.executions', tool('weather', 'weather-bot'))).toBe(1)
    expect(await h.value('llmeter.agent.active_sessions', name)).toBe(0)
  })

  it('a ToolLoopAgent stream() ends its invocation when the stream ends; the host onEnd still runs', async () => {
    const ends: unknown[] = []
    const agent = new patched.Experimental_Agent({ id: 'streamer', model: model(), tools: { weather } })
    const result = await agent.stream({
      prompt: 'w',
      onEnd: (e: { text: string }) => {
        ends.push(e.text)
      },
    })
    let text = ''
    for await (const part of result.textStream) text += part
    expect(text).toBe('It is sunny.')
    expect(ends).toEqual(['It is sunny.'])
    const name = calls('streamer')
    expect(await h.value('llmeter.agent.active_sessions', name)).toBe(0)
    expect(await h.histogram('gen_ai.invoke_agent.inference_calls', name)).toMatchObject({ count: 1, sum: 2 })
    expect(await h.value('llmeter.tool.executions', tool('weather', 'streamer'))).toBe(1)
  })

  it('a ToolLoopAgent stream() the caller aborts is recorded as cancelled and leaves no active session', async () => {
    const agent = new patched.ToolLoopAgent({ id: 'aborted', model: model(), tools: { weather } })
    const controller = new AbortController()
    const result = await agent.stream({ prompt: 'w', abortSignal: controller.signal })
    const parts: string[] = []
    for await (const part of result.fullStream) {
      parts.push(part.type)
      if (part.type === 'tool-result') controller.abort()
    }
    expect(parts).toContain('abort')
    const name = calls('aborted')
    expect(await h.value('llmeter.agent.active_sessions', name)).toBe(0)
    expect(
      await h.value('llmeter.agent.invocations', {
        ...name,
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'error.type': 'cancelled',
      }),
    ).toBe(1)
  })

  it('a failing agent generate() rejects with the SDK error and is recorded as failed', async () => {
    await server.close()
    server = await startChatToolsServer({ failWith: 500 })
    const agent = new patched.ToolLoopAgent({
      id: 'down',
      model: createOpenAI({ apiKey: 'k', baseURL: server.url }).chat('m'),
      maxRetries: 0,
    })
    const plain = new ai.ToolLoopAgent({
      model: createOpenAI({ apiKey: 'k', baseURL: server.url }).chat('m'),
      maxRetries: 0,
    })
    const expected = await plain.generate({ prompt: 'w' }).catch((e: Error) => e.constructor.name)
    const got = await agent.generate({ prompt: 'w' }).catch((e: Error) => e.constructor.name)
    expect(got).toBe(expected)
    expect(
      await h.value('llmeter.agent.invocations', {
        ...calls('down'),
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'm',
        'error.type': 'server_error',
      }),
    ).toBe(1)
  })
})
