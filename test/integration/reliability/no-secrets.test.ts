import { afterAll, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'

// No prompt or completion text, API key, header or user id reaches a label, a diagnostic or a log:
// every instrumentation runs with secrets in all inputs, with every diagnostic turned on, and all
// output (stdout, stderr, /metrics) is searched.
const SECRETS = ['SECRETKEY', 'PROMPT-SECRET', '4111 1111', 'user-SECRET', 'simulated answer']

describe('secrets never leave the process through llmeter', () => {
  let app: ChildApp | undefined
  let provider: Awaited<ReturnType<typeof startSimulatedProvider>> | undefined
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await provider?.close()
  })

  it('appear in no label, diagnostic or log line', async () => {
    provider = await startSimulatedProvider()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/secrets.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OTEL_LOG_LEVEL: 'all',
      PROVIDER_URL: provider.url,
    })
    const scrape = await (await fetch(app.info.metricsUrl!)).text()
    const output = `${app.stdout()}\n${app.stderr()}`
    // The run really happened and diagnostics really were on.
    expect(scrape).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic"',
    )
    expect(scrape).toContain('gen_ai_provider_name="openai",gen_ai_request_model="gpt-4.1"')
    expect(scrape).toContain(
      'llmeter_tool_executions_total{gen_ai_tool_name="search",gen_ai_agent_name="support-bot"} 1',
    )
    expect(output).toMatch(/llmeter/)
    const found = SECRETS.filter((s) => scrape.includes(s) || output.includes(s))
    console.log(
      `no-secrets: ${scrape.split('\n').length} exposition lines and ${output.split('\n').length} output lines searched for ${SECRETS.length} secrets; found: ${found.length}`,
    )
    expect(found).toEqual([])
  })
})
