/**
 * `node --require llmeter/register` printed `Warning: The 'import-in-the-middle' hook has already
 * been initialized` on every start, though llmeter never writes to the console. Node runs
 * `--require` preloads again in its loader-hooks thread once a hook is registered, so the entry
 * registered import-in-the-middle a second time from there (and started a second llmeter in that
 * thread). Checked in child processes with the real openai and LangChain packages: stderr stays
 * empty under `--require` and `--import`, and the calls are still recorded once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../support/child-app.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

let server: WireServer
beforeAll(async () => {
  server = await startWireServer(() => ({
    json: {
      id: 'chatcmpl-w1',
      object: 'chat.completion',
      created: 1_760_000_000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 },
    },
  }))
})
afterAll(() => server.close())

let app: ChildApp | undefined
afterEach(async () => {
  await app?.stop('SIGKILL')
  app = undefined
})

describe.each([
  ['--require', 'langchain-no-handler.cjs'],
  ['--require', 'langchain-no-handler.mjs'],
  ['--import', 'langchain-no-handler.mjs'],
])('node %s llmeter/register %s', (flag, fixture) => {
  it('writes nothing to stderr and records each call once', async () => {
    app = await startChildApp([flag, 'llmeter/register', `test/regression/fixtures/${fixture}`], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      WIRE_URL: server.url,
    })
    const text = await (await fetch(app.info.metricsUrl!)).text()
    expect(text).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="false"} 2\n',
    )
    expect(app.stderr()).toBe('')
  })
})
