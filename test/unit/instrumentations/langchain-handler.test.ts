import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LlmeterCallbackHandler } from '../../../src/instrumentations/langchain/handler.js'
import { runUsage } from '../../../src/instrumentations/langchain/usage.js'
import { createHarness, type Harness } from '../../support/harness.js'

let h: Harness
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

const chatModel = { lc: 1, type: 'constructor', id: ['langchain', 'chat_models', 'fake', 'FakeChat'] }
const meta = { ls_provider: 'anthropic', ls_model_name: 'claude-x', ls_model_type: 'chat' }
const counters = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.request.model': 'claude-x',
}
const result = (usage: Record<string, unknown>) => ({
  generations: [
    [{ text: '', message: { usage_metadata: usage, response_metadata: { model: 'claude-x-1' } } }],
  ],
})

describe('LangChain usage', () => {
  it('reads cache creation, cache reads and reasoning from usage_metadata and adds up generations', () => {
    const usage = {
      input_tokens: 100,
      output_tokens: 10,
      input_token_details: { cache_read: 60, cache_creation: 20 },
      output_token_details: { reasoning: 4 },
    }
    const out = {
      generations: [[{ message: { usage_metadata: usage } }], [{ message: { usage_metadata: usage } }]],
    }
    expect(runUsage(out).usage).toEqual({
      inputTokens: 200,
      outputTokens: 20,
      cacheReadTokens: 120,
      cacheWriteTokens: 40,
      reasoningTokens: 8,
    })
  })

  it('falls back to llmOutput.tokenUsage', () => {
    expect(
      runUsage({
        generations: [[{ text: 'x' }]],
        llmOutput: { tokenUsage: { promptTokens: 5, completionTokens: 2 } },
      }).usage,
    ).toEqual({
      inputTokens: 5,
      outputTokens: 2,
    })
  })
})

describe('LlmeterCallbackHandler', () => {
  it('ends each run once, whatever callbacks follow, and ignores unknown runs', async () => {
    const handler = new LlmeterCallbackHandler()
    handler.handleChatModelStart(chatModel, [], 'r1', undefined, {}, [], meta)
    handler.handleChatModelStart(chatModel, [], 'r1', undefined, {}, [], meta)
    handler.handleLLMEnd(
      result({ input_tokens: 9, output_tokens: 1, input_token_details: { cache_creation: 3 } }),
      'r1',
    )
    handler.handleLLMEnd(result({ input_tokens: 9, output_tokens: 1 }), 'r1')
    handler.handleLLMError(new Error('late'), 'r1')
    handler.handleLLMEnd(result({ input_tokens: 1 }), 'unknown')
    expect(await h.value('llmeter.llm.requests', counters)).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...counters, 'error.type': '_OTHER' })).toBeUndefined()
    expect(await h.value('llmeter.llm.tokens', { ...counters, 'gen_ai.token.type': 'input' })).toBe(9)
    expect(await h.value('llmeter.llm.tokens', { ...counters, 'gen_ai.token.type': 'cache_write' })).toBe(3)
    expect(await h.value('llmeter.llm.active_requests', counters)).toBe(0)
  })

  it('records a plain LLM run as a text completion', async () => {
    const handler = new LlmeterCallbackHandler()
    handler.handleLLMStart(chatModel, ['p'], 'r2', undefined, {}, [], { ...meta, ls_model_type: 'llm' })
    handler.handleLLMEnd(result({ input_tokens: 2, output_tokens: 1 }), 'r2')
    expect(
      await h.value('llmeter.llm.requests', { ...counters, 'gen_ai.operation.name': 'text_completion' }),
    ).toBe(1)
  })

  it('records one agent invocation for an agent whose metadata its child runs inherit', async () => {
    const handler = new LlmeterCallbackHandler()
    const agentMeta = { llmeter_agent: 'planner' }
    handler.handleChainStart({ id: ['x', 'Seq'] }, {}, 'a', undefined, [], agentMeta)
    handler.handleChainStart({ id: ['x', 'Step'] }, {}, 'b', 'a', [], agentMeta)
    handler.handleChatModelStart(chatModel, [], 'c', 'b', {}, [], { ...meta, ...agentMeta })
    handler.handleLLMEnd(result({ input_tokens: 1, output_tokens: 1 }), 'c')
    handler.handleToolStart({ id: ['x', 'T'], name: 'calc' }, '', 't', 'b', [], {}, 'calc')
    handler.handleToolEnd('', 't')
    handler.handleChainEnd({}, 'b')
    handler.handleChainEnd({}, 'a')
    const attrs = { 'gen_ai.agent.name': 'planner' }
    expect(await h.value('llmeter.agent.invocations', attrs)).toBe(1)
    expect((await h.histogram('gen_ai.invoke_agent.inference_calls', attrs))?.sum).toBe(1)
    expect((await h.histogram('gen_ai.invoke_agent.tool_calls', attrs))?.sum).toBe(1)
    expect(
      await h.value('llmeter.tool.executions', {
        'gen_ai.tool.name': 'calc',
        'gen_ai.tool.type': 'function',
        'gen_ai.agent.name': 'planner',
      }),
    ).toBe(1)
  })

  it('records chains that are not agents not at all', async () => {
    const handler = new LlmeterCallbackHandler()
    handler.handleChainStart(
      { id: ['x', 'RunnableSequence'] },
      {},
      's',
      undefined,
      [],
      {},
      undefined,
      'summarize',
    )
    handler.handleChainEnd({}, 's')
    expect(await h.metric('llmeter.agent.invocations')).toBeUndefined()
  })
})
