import { afterAll, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'

describe('LangChain under --import llmeter/register, with no code change', () => {
  let app: ChildApp | undefined
  let provider: Awaited<ReturnType<typeof startSimulatedProvider>> | undefined
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await provider?.close()
  })

  it('records the agent run and its model call once', async () => {
    provider = await startSimulatedProvider()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/langchain.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      PROVIDER_URL: provider.url,
    })
    const text = await (await fetch(app.info.metricsUrl!)).text()
    expect(text).toContain('llmeter_agent_invocations_total{gen_ai_agent_name="auto-agent"} 1\n')
    expect(text).toContain('gen_ai_invoke_agent_inference_calls_sum{gen_ai_agent_name="auto-agent"} 1\n')
    expect(text).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="false"} 1\n',
    )
  })
})
