import Anthropic, * as anthropicModule from '@anthropic-ai/sdk'
import OpenAI, * as openaiModule from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import {
  patchAnthropicExports,
  unpatchAnthropicExports,
} from '../../../src/instrumentations/anthropic/patch.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'

// The host sees the same results and the same rejections with and without llmeter, for a corpus of
// provider behaviours: plain and streamed answers, malformed JSON, streams cut mid-way, error
// statuses, timeouts. Outcomes are compared after removing per-request ids and timestamps.
const SCENARIOS = [
  'ok',
  'malformed_json',
  'cut_stream',
  '500',
  '401',
  '429',
  'context_length',
  'content_filter',
  'timeout',
]

function normalize(value: unknown): string {
  return JSON.stringify(value, (key, v) =>
    key === 'id' || key === 'created' || key === 'created_at' || key === 'request_id' || key === 'requestID'
      ? undefined
      : v,
  )
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    return `ok ${normalize(await run())}`
  } catch (error) {
    const e = error as { constructor?: { name?: string }; status?: number; message?: string }
    return `error ${e.constructor?.name} ${e.status} ${e.message?.replace(/req_\w+/g, '')}`
  }
}

describe('wrapper contract under faults', () => {
  let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
  let h: Harness
  beforeAll(async () => {
    provider = await startSimulatedProvider()
    h = createHarness()
  })
  afterAll(async () => {
    await h.close()
    await provider.close()
  })

  // The client timeout is short only where the fault is a hanging provider: on a busy machine
  // (integration files run in parallel) an answered call can take longer than 300 ms.
  const timeoutFor = (fault: string) => (fault === 'timeout' ? 300 : 30_000)
  const openaiCalls = (fault: string) => {
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: `${provider.url}/v1`,
      maxRetries: 0,
      timeout: timeoutFor(fault),
    })
    const headers = fault === 'ok' ? {} : { 'x-sim-fault': fault }
    const messages = [{ role: 'user' as const, content: 'hi' }]
    return {
      plain: () => client.chat.completions.create({ model: 'm', messages }, { headers }),
      stream: async () => {
        const chunks: unknown[] = []
        for await (const c of await client.chat.completions.create(
          { model: 'm', messages, stream: true },
          { headers },
        ))
          chunks.push(c)
        return chunks
      },
      responses: () => client.responses.create({ model: 'm', input: 'hi' }, { headers }),
    }
  }
  const anthropicCalls = (fault: string) => {
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: provider.url,
      maxRetries: 0,
      timeout: timeoutFor(fault),
    })
    const headers = fault === 'ok' ? {} : { 'x-sim-fault': fault }
    const params = {
      model: 'claude-sonnet-4-6',
      max_tokens: 50,
      messages: [{ role: 'user' as const, content: 'hi' }],
    }
    return {
      plain: () => client.messages.create(params, { headers }),
      stream: () => client.messages.stream(params, { headers }).finalMessage(),
    }
  }

  it.each(SCENARIOS)('openai, %s: identical outcomes with and without llmeter', async (fault) => {
    const calls = ['plain', 'stream', 'responses'] as const
    const without: string[] = []
    const withLlmeter: string[] = []
    unpatchOpenAIExports(openaiModule)
    for (const c of calls) without.push(await outcome(openaiCalls(fault)[c]))
    patchOpenAIExports(openaiModule, defaultRecorder)
    try {
      for (const c of calls) withLlmeter.push(await outcome(openaiCalls(fault)[c]))
    } finally {
      unpatchOpenAIExports(openaiModule)
    }
    expect(withLlmeter).toEqual(without)
  })

  it.each(SCENARIOS)('anthropic, %s: identical outcomes with and without llmeter', async (fault) => {
    const without: string[] = []
    const withLlmeter: string[] = []
    unpatchAnthropicExports(anthropicModule)
    for (const c of ['plain', 'stream'] as const) without.push(await outcome(anthropicCalls(fault)[c]))
    patchAnthropicExports(anthropicModule, defaultRecorder)
    try {
      for (const c of ['plain', 'stream'] as const) withLlmeter.push(await outcome(anthropicCalls(fault)[c]))
    } finally {
      unpatchAnthropicExports(anthropicModule)
    }
    expect(withLlmeter).toEqual(without)
  })

  it('leaves no call active after the whole corpus', async () => {
    const m = await h.metric('llmeter.llm.active_requests')
    expect(m?.dataPoints.length).toBeGreaterThan(0)
    expect(m?.dataPoints.filter((p) => p.value !== 0)).toEqual([])
  })
})
