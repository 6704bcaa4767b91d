import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BedrockServer,
  converseReply,
  converseStreamFrames,
  invokeReply,
  invokeStreamFrames,
  startBedrockServer,
} from '../../support/bedrock-server.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'
import { scrapeValue } from '../../support/scrape-value.js'

// An app using the real @aws-sdk/client-bedrock-runtime (ES module) under
// `node --import llmeter/register`, scraped over /metrics: exact tokens and cost, the throttled
// attempt counted though the call succeeded, and no active request left after the abandoned stream.
describe('an app using @aws-sdk/client-bedrock-runtime under --import llmeter/register', () => {
  let server: BedrockServer
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    server = await startBedrockServer()
    server.reply(
      converseReply({ inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 4 }),
      { frames: converseStreamFrames({ inputTokens: 20, outputTokens: 6 }, ['a', 'b']) },
      { frames: converseStreamFrames({ inputTokens: 20, outputTokens: 6 }, ['a', 'b']) },
      { status: 429, errorType: 'ThrottlingException' },
      converseReply({ inputTokens: 3, outputTokens: 2 }),
      invokeReply(
        { content: [{ type: 'text', text: 'Hi.' }], usage: { input_tokens: 1, output_tokens: 1 } },
        { input: 30, output: 8 },
      ),
      {
        frames: invokeStreamFrames(
          [
            { type: 'message_start' },
            { type: 'content_block_delta', delta: { text: 'Hi' } },
            { type: 'message_stop' },
          ],
          { inputTokenCount: 25, outputTokenCount: 6 },
        ),
      },
    )
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/bedrock.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      BEDROCK_URL: server.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await server?.close()
  })

  const value = (series: string) => scrapeValue(text, series)
  const labels = (model: string) =>
    `gen_ai_operation_name="chat",gen_ai_provider_name="aws.bedrock",gen_ai_request_model="${model}"`
  const nova = labels('amazon.nova-lite-v1:0')
  const haiku = labels('us.anthropic.claude-3-5-haiku-20241022-v1:0')

  it('has exact token totals; the ARN is labelled by the profile id it names', () => {
    expect(server.requests.map((r) => r.action)).toEqual([
      'converse',
      'converse-stream',
      'converse-stream',
      'converse',
      'converse',
      'invoke',
      'invoke-with-response-stream',
    ])
    expect(value(`llmeter_llm_tokens_total{${nova},gen_ai_token_type="input"}`)).toBe(37)
    expect(value(`llmeter_llm_tokens_total{${nova},gen_ai_token_type="output"}`)).toBe(13)
    expect(value(`llmeter_llm_tokens_total{${nova},gen_ai_token_type="cache_read"}`)).toBe(4)
    expect(value(`llmeter_llm_tokens_total{${haiku},gen_ai_token_type="input"}`)).toBe(55)
    expect(value(`llmeter_llm_tokens_total{${haiku},gen_ai_token_type="output"}`)).toBe(14)
  })

  it('counts the throttled attempt, the abandoned stream as cancelled, and leaves nothing active', () => {
    expect(
      value(
        'llmeter_llm_rate_limits_total{gen_ai_provider_name="aws.bedrock",gen_ai_request_model="amazon.nova-lite-v1:0",server_address="127.0.0.1"}',
      ),
    ).toBe(1)
    expect(value(`llmeter_llm_requests_total{${nova}}`)).toBe(3)
    expect(value(`llmeter_llm_requests_total{${nova},error_type="cancelled"}`)).toBe(1)
    expect(value(`llmeter_llm_requests_total{${haiku}}`)).toBe(2)
    expect(value(`llmeter_llm_active_requests{${nova}}`)).toBe(0)
    expect(value(`llmeter_llm_active_requests{${haiku}}`)).toBe(0)
  })

  it('prices the calls in exact USD from the bundled catalog and promtool accepts the scrape', () => {
    expect(value(`llmeter_llm_cost_usd_total{${haiku},llmeter_cost_type="input"}`)).toBeCloseTo(
      (55 * 0.8) / 1e6,
      15,
    )
    expect(value(`llmeter_llm_cost_usd_total{${haiku},llmeter_cost_type="output"}`)).toBeCloseTo(
      (14 * 4) / 1e6,
      15,
    )
    expect(value(`llmeter_llm_cost_usd_total{${nova},llmeter_cost_type="output"}`)).toBeCloseTo(
      (13 * 0.24) / 1e6,
      15,
    )
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })
})
