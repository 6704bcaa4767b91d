import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/child-app.js'

// The examples in docs/instrumentations.md run as documented under --import llmeter/register.
describe('the AI SDK and LangChain examples', () => {
  const run = (file: string) =>
    spawnSync(process.execPath, ['--import', 'llmeter/register', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
      timeout: 30_000,
    })

  it('examples/ai/main.js records its chat and embedding calls', () => {
    const r = run('examples/ai/main.js')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('answer: This is a simulated answer')
    // One generateText and one streamText call: the stream flag tells them apart.
    expect(r.stdout).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="false"} 1\n',
    )
    expect(r.stdout).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="true"} 1\n',
    )
    expect(r.stdout).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="embeddings",gen_ai_provider_name="openai",gen_ai_request_model="text-embedding-3-small"} 1\n',
    )
  })

  it('examples/langchain/main.js records the model call, the tool and the agent once each', () => {
    const r = run('examples/langchain/main.js')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('answer: This is a simulated answer')
    expect(r.stdout).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="false"} 1\n',
    )
    expect(r.stdout).toContain(
      'llmeter_tool_executions_total{gen_ai_tool_name="search",gen_ai_tool_type="function",gen_ai_agent_name="support-agent"} 1\n',
    )
    expect(r.stdout).toContain('llmeter_agent_invocations_total{gen_ai_agent_name="support-agent"} 1\n')
  })
})
