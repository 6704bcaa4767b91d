import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAgent, startTool, withAgent, withTool } from '../../../src/tracking/agent.js'
import { recordCacheLookup } from '../../../src/tracking/cache.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { createHarness, type Harness } from '../../support/harness.js'

describe('agent, tool and cache trackers', () => {
  let h: Harness
  beforeEach(() => {
    h = createHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('withAgent returns the function result and counts the LLM and tool calls made inside it', async () => {
    const result = { answer: 42 }
    const got = await withAgent(
      'planner',
      async () => {
        startLlmCall({ provider: 'openai', model: 'gpt-4o' }).end()
        startLlmCall({ provider: 'openai', model: 'gpt-4o' }).end()
        await withTool('search', async () => 'rows', { type: 'function' })
        return result
      },
      { model: 'gpt-4o', provider: 'openai' },
    )
    expect(got).toBe(result)
    const agent = { 'gen_ai.agent.name': 'planner' }
    expect(
      await h.value('llmeter.agent.invocations', {
        ...agent,
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
      }),
    ).toBe(1)
    expect(await h.value('llmeter.agent.active_sessions', agent)).toBe(0)
    const duration = await h.histogram('gen_ai.invoke_agent.duration', {
      ...agent,
      'gen_ai.request.model': 'gpt-4o',
    })
    expect(duration?.count).toBe(1)
    expect(duration?.counts).toHaveLength(14)
    const inference = await h.histogram('gen_ai.invoke_agent.inference_calls', agent)
    expect(inference).toEqual({ count: 1, sum: 2, counts: [0, 1, 0, 0, 0, 0, 0, 0, 0] })
    expect(await h.histogram('gen_ai.invoke_agent.tool_calls', agent)).toEqual({
      count: 1,
      sum: 1,
      counts: [1, 0, 0, 0, 0, 0, 0, 0, 0],
    })
    const tool = { 'gen_ai.tool.name': 'search', 'gen_ai.tool.type': 'function', ...agent }
    expect(await h.value('llmeter.tool.executions', tool)).toBe(1)
    expect((await h.histogram('gen_ai.execute_tool.duration', tool))?.count).toBe(1)
  })

  it('a tool outside any agent carries no agent name, and an agent without options only its name', async () => {
    await withTool('clock', () => 1)
    await withAgent('bare', () => 2)
    expect(await h.value('llmeter.tool.executions', { 'gen_ai.tool.name': 'clock' })).toBe(1)
    expect((await h.histogram('gen_ai.invoke_agent.duration', { 'gen_ai.agent.name': 'bare' }))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.agent.invocations', { 'gen_ai.agent.name': 'bare' })).toBe(1)
    expect(await h.histogram('gen_ai.invoke_agent.tool_calls', { 'gen_ai.agent.name': 'bare' })).toEqual({
      count: 1,
      sum: 0,
      counts: [1, 0, 0, 0, 0, 0, 0, 0, 0],
    })
  })

  it('withAgent and withTool rethrow the very same error and record its type', async () => {
    const error = Object.assign(new Error('denied'), { status: 401 })
    await expect(withAgent('planner', () => withTool('db', () => Promise.reject(error)))).rejects.toBe(error)
    expect(
      await h.value('llmeter.agent.invocations', { 'gen_ai.agent.name': 'planner', 'error.type': 'auth' }),
    ).toBe(1)
    expect(
      await h.value('llmeter.tool.executions', {
        'gen_ai.tool.name': 'db',
        'gen_ai.agent.name': 'planner',
        'error.type': 'auth',
      }),
    ).toBe(1)
  })

  it('manual agent and tool trackers end once', async () => {
    const agent = startAgent('bot')!
    const tool = startTool('calc')!
    tool.end()
    tool.fail(new Error('late'))
    agent.fail(new Error('x'), 'timeout')
    agent.end()
    expect(await h.value('llmeter.tool.executions', { 'gen_ai.tool.name': 'calc' })).toBe(1)
    expect(
      await h.value('llmeter.agent.invocations', { 'gen_ai.agent.name': 'bot', 'error.type': 'timeout' }),
    ).toBe(1)
    expect(await h.value('llmeter.agent.invocations', { 'gen_ai.agent.name': 'bot' })).toBeUndefined()
  })

  it('counts cache hits and misses by cache type', async () => {
    recordCacheLookup({ type: 'semantic', hit: true })
    recordCacheLookup({ type: 'semantic', hit: true })
    recordCacheLookup({ type: 'semantic', hit: false })
    recordCacheLookup(null as never)
    expect(
      await h.value('llmeter.cache.lookups', {
        'llmeter.cache.type': 'semantic',
        'llmeter.cache.result': 'hit',
      }),
    ).toBe(2)
    expect(
      await h.value('llmeter.cache.lookups', {
        'llmeter.cache.type': 'semantic',
        'llmeter.cache.result': 'miss',
      }),
    ).toBe(1)
    expect(
      await h.value('llmeter.cache.lookups', {
        'llmeter.cache.type': '_OTHER',
        'llmeter.cache.result': 'miss',
      }),
    ).toBe(1)
  })
})
