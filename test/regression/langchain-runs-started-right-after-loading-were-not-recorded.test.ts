/**
 * The automatic LangChain patch loaded its handler with `import()`, which settles only after a
 * few turns of the event loop: a CommonJS app under `--require llmeter/register` that ran an agent
 * as soon as it had loaded LangChain got no handler on that run, and the agent invocation was not
 * recorded. The handler now loads synchronously on the first run. Checked in a child process with
 * the real @langchain/core, @langchain/openai and openai packages against a server speaking the
 * Chat Completions API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../support/child-app.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

let server: WireServer
let app: ChildApp | undefined
beforeAll(async () => {
  server = await startWireServer(() => ({
    json: {
      id: 'chatcmpl-st1',
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
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    },
  }))
})
afterAll(async () => {
  await app?.stop('SIGKILL')
  await server.close()
})

describe('a CommonJS LangChain app under --require llmeter/register', () => {
  it('records the agent it runs straight after loading, and its model call once', async () => {
    app = await startChildApp(
      ['--require', 'llmeter/register', 'test/regression/fixtures/langchain-agent-at-startup.cjs'],
      { OTEL_EXPORTER_PROMETHEUS_PORT: '0', WIRE_URL: server.url },
    )
    const text = await (await fetch(app.info.metricsUrl!)).text()
    expect(text).toContain('llmeter_agent_invocations_total{gen_ai_agent_name="startup-agent"} 1\n')
    expect(text).toContain('gen_ai_invoke_agent_inference_calls_sum{gen_ai_agent_name="startup-agent"} 1\n')
    expect(text).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="false"} 1\n',
    )
    expect(server.bodies.length).toBe(1)
  })
})
