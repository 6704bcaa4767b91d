import { afterEach, describe, expect, it } from 'vitest'
import { chunkUsage, groqUsage } from '../../../src/instrumentations/groq/usage.js'
import { describeChat } from '../../../src/instrumentations/ollama/describe.js'
import { ollamaUsage } from '../../../src/instrumentations/ollama/usage.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { createHarness, type Harness } from '../../support/harness.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('ollama usage', () => {
  it('reads prompt_eval_count as input and eval_count as output, and leaves out what is missing or not a count', () => {
    expect(ollamaUsage({ done: true, prompt_eval_count: 26, eval_count: 298 })).toEqual({
      inputTokens: 26,
      outputTokens: 298,
    })
    expect(ollamaUsage({ prompt_eval_count: 7 })).toEqual({ inputTokens: 7 })
    expect(ollamaUsage({ prompt_eval_count: -1, eval_count: 1.5 })).toBeUndefined()
    expect(ollamaUsage({ prompt_eval_count: '3' })).toBeUndefined()
    expect(ollamaUsage(undefined)).toBeUndefined()
  })

  it('a response whose fields throw when read ends the call without usage, and nothing throws', async () => {
    h = createHarness()
    const plan = describeChat({ config: { host: 'http://127.0.0.1:11434' } }, [{ model: 'm', messages: [] }])!
    const call = startLlmCall(plan.call, h.recorder)
    const hostile = {
      get prompt_eval_count() {
        throw new Error('boom')
      },
    }
    expect(() => plan.onValue(hostile, call)).not.toThrow()
    expect(call.ended).toBe(true)
    expect(
      await h.value('llmeter.llm.requests', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'ollama',
        'gen_ai.request.model': 'm',
      }),
    ).toBe(1)
  })

  it('a streamed value that is not an iterator ends the call', () => {
    const plan = describeChat({ config: { host: 'http://h:1' } }, [{ model: 'm', stream: true }])!
    expect(plan.call).toEqual({
      provider: 'ollama',
      serverAddress: 'h',
      serverPort: 1,
      model: 'm',
      operation: 'chat',
    })
    const call = startLlmCall(plan.call)
    plan.onValue(Object.freeze({}), call)
    expect(call.ended).toBe(true)
  })
})

describe('groq usage', () => {
  const usage = {
    prompt_tokens: 100,
    completion_tokens: 20,
    total_tokens: 120,
    prompt_tokens_details: { cached_tokens: 40 },
    completion_tokens_details: { reasoning_tokens: 5 },
    queue_time: 0.1,
  }

  it('reads the OpenAI-shaped usage with cached and reasoning tokens', () => {
    expect(groqUsage(usage)).toMatchObject({
      inputTokens: 100,
      cacheReadTokens: 40,
      outputTokens: 20,
      reasoningTokens: 5,
    })
  })

  it("takes a chunk's x_groq.usage, else its top-level usage; a plain response's x_groq cache statistics are not usage", () => {
    expect(chunkUsage({ x_groq: { usage } })).toBe(usage)
    expect(chunkUsage({ usage, x_groq: { id: 'r' } })).toBe(usage)
    expect(chunkUsage({ x_groq: { usage: { dram_cached_tokens: 3 } } })).toBeUndefined()
    expect(chunkUsage({ choices: [] })).toBeUndefined()
  })
})
