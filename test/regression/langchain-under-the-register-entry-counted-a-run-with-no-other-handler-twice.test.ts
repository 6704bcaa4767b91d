/**
 * Under `--import llmeter/register` (and `--require`), a LangChain ChatOpenAI run with no callback
 * handler of its own was recorded twice: once by the openai patch and once by the LangChain
 * handler, under a second provider label `chatopenai`, doubling requests, tokens and cost. A run
 * with no handlers gets no callback manager from LangChain; the bare one llmeter built had lost
 * the run's metadata (`ls_provider`), so the handler no longer knew the openai SDK was patched.
 * Runs that carry another handler were counted once. Checked in child processes with the real
 * @langchain/openai and openai packages against a server speaking the Chat Completions API.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../support/child-app.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

const MODEL = 'gpt-4o-mini'
let server: WireServer
beforeAll(async () => {
  server = await startWireServer(() => ({
    json: {
      id: 'chatcmpl-lc1',
      object: 'chat.completion',
      created: 1_760_000_000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!', refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 200,
        total_tokens: 1200,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
      },
    },
  }))
})
afterAll(() => server.close())

let app: ChildApp | undefined
afterEach(async () => {
  await app?.stop('SIGKILL')
  app = undefined
})

const call = `gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${MODEL}"`

describe.each([
  ['--import', 'langchain-no-handler.mjs'],
  ['--require', 'langchain-no-handler.cjs'],
])('ChatOpenAI under %s llmeter/register', (flag, fixture) => {
  it('counts each run once, as openai, with or without a handler of its own', async () => {
    const sent = server.bodies.length
    app = await startChildApp([flag, 'llmeter/register', `test/regression/fixtures/${fixture}`], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      WIRE_URL: server.url,
    })
    const text = await (await fetch(app.info.metricsUrl!)).text()
    const llmLines = text.split('\n').filter((l) => l.startsWith('llmeter_llm_'))
    // Two runs, 1000 input and 200 output tokens each.
    expect(llmLines.filter((l) => l.startsWith('llmeter_llm_requests_total'))).toEqual([
      `llmeter_llm_requests_total{${call},llmeter_request_stream="false"} 2`,
    ])
    expect(llmLines.filter((l) => l.startsWith('llmeter_llm_tokens_total'))).toEqual([
      `llmeter_llm_tokens_total{${call},gen_ai_token_type="input"} 2000`,
      `llmeter_llm_tokens_total{${call},gen_ai_token_type="output"} 400`,
    ])
    // gpt-4o-mini: $0.15 input, $0.60 output per 1M: 2000 * 0.15 / 1e6 = 0.0003 and
    // 400 * 0.6 / 1e6 = 0.00024.
    const cost = (type: string) => {
      const prefix = `llmeter_llm_cost_usd_total{${call},llmeter_cost_type="${type}"} `
      const line = llmLines.find((l) => l.startsWith(prefix))
      return line === undefined ? undefined : Number(line.slice(prefix.length))
    }
    expect(Math.abs(cost('input')! - 0.0003)).toBeLessThan(1e-12)
    expect(Math.abs(cost('output')! - 0.00024)).toBeLessThan(1e-12)
    expect(text).not.toContain('chatopenai')
    expect(server.bodies.length - sent).toBe(2)
  })
})
