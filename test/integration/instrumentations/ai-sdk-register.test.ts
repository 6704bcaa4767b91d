import { afterAll, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'

describe('the Vercel AI SDK under --import llmeter/register, with no code change', () => {
  let app: ChildApp | undefined
  let provider: Awaited<ReturnType<typeof startSimulatedProvider>> | undefined
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await provider?.close()
  })

  it('measures generateText and streamText', async () => {
    provider = await startSimulatedProvider()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/ai-sdk.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      PROVIDER_URL: provider.url,
    })
    const text = await (await fetch(app.info.metricsUrl!)).text()
    const labels =
      'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini"'
    expect(text).toContain(`llmeter_llm_requests_total{${labels},llmeter_request_stream="false"} 1\n`)
    expect(text).toContain(`llmeter_llm_requests_total{${labels},llmeter_request_stream="true"} 1\n`)
    expect(text).toContain(`llmeter_llm_tokens_total{${labels},gen_ai_token_type="input"} 20\n`)
    expect(text).toMatch(/^gen_ai_client_operation_time_to_first_chunk_seconds_count\{.*gpt-4o-mini.*\} 1$/m)
  })
})
