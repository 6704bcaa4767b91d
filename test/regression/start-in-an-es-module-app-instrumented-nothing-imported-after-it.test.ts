/**
 * `start()` never installed the ES-module loader hook (only the register entry did), so in an
 * ES-module app the clients it loaded with `import()` after `start()` were never patched: openai
 * and `ai` calls recorded nothing (CommonJS `require` worked, through require-in-the-middle).
 * `start()` now installs the hook once per process. Checked in a child process with the real
 * openai, ai and @ai-sdk/openai packages against a server speaking the Chat Completions API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../support/child-app.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

let server: WireServer
let app: ChildApp | undefined
beforeAll(async () => {
  server = await startWireServer((body) => ({
    json: {
      id: 'chatcmpl-es1',
      object: 'chat.completion',
      created: 1_760_000_000,
      model: `${body.model}-2025-04-14`,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
    },
  }))
})
afterAll(async () => {
  await app?.stop('SIGKILL')
  await server.close()
})

const call = (model: string) =>
  `gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${model}"`

describe('start() in an ES-module app', () => {
  it('instruments openai and ai imported after it, once each, and prints nothing', async () => {
    app = await startChildApp(['test/regression/fixtures/start-then-import.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      WIRE_URL: server.url,
    })
    const text = await (await fetch(app.info.metricsUrl!)).text()
    const requests = text.split('\n').filter((l) => l.startsWith('llmeter_llm_requests_total'))
    expect(requests).toEqual([
      `llmeter_llm_requests_total{${call('gpt-4o-mini')},llmeter_request_stream="false"} 1`,
      `llmeter_llm_requests_total{${call('gpt-4.1-mini')},llmeter_request_stream="false"} 1`,
    ])
    expect(text).toContain(`llmeter_llm_tokens_total{${call('gpt-4o-mini')},gen_ai_token_type="input"} 11\n`)
    expect(text).toContain(`llmeter_llm_tokens_total{${call('gpt-4.1-mini')},gen_ai_token_type="output"} 3\n`)
    expect(server.bodies.length).toBe(2)
    expect(app.stderr()).toBe('')
  })
})
