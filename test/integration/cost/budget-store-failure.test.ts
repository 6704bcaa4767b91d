import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { scrapeValue } from '../../support/scrape-value.js'

// LLMETER_BUDGET_STORE=rediss://… pointing at nothing: the register entry still records and serves
// every LLM metric, budgets count in memory, and stderr has exactly one line about the store.
describe('a budget store that cannot be reached, under --import llmeter/register', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmeter-store-fail-'))
  let app: ChildApp | undefined
  afterAll(async () => {
    await app?.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves the LLM metrics and logs one diagnostic line about the store', async () => {
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'openai:my-model': { input: 2, output: 8 } }))
    writeFileSync(
      join(dir, 'budgets.json'),
      JSON.stringify({ budgets: [{ name: 'monthly', limitUsd: 0.01, window: 'month', enforce: true }] }),
    )
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/cost-budget.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OTEL_LOG_LEVEL: 'warn',
      LLMETER_PRICES_FILE: join(dir, 'prices.json'),
      LLMETER_BUDGETS_FILE: join(dir, 'budgets.json'),
      LLMETER_BUDGET_STORE: 'rediss://127.0.0.1:1',
      CALLS: '2',
    })
    const text = await (await fetch(app.info.metricsUrl!)).text()
    const value = (series: string) => scrapeValue(text, series)
    const labels =
      'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="my-model"'
    // Two priced calls of $0.006 each: the in-memory spend (0.012) exhausts the $0.01 budget, so
    // the probe call after them is refused.
    expect(app.info.blocked).toBe('monthly')
    expect(value(`llmeter_llm_requests_total{${labels}}`)).toBe(2)
    expect(value(`llmeter_llm_requests_total{${labels},error_type="budget_exceeded"}`)).toBe(1)
    expect(value(`llmeter_llm_tokens_total{${labels},gen_ai_token_type="input"}`)).toBe(2000)
    expect(value(`llmeter_llm_tokens_total{${labels},gen_ai_token_type="output"}`)).toBe(1000)
    expect(value(`gen_ai_client_token_usage_count{${labels},gen_ai_token_type="input"}`)).toBe(2)
    expect(value(`gen_ai_client_token_usage_sum{${labels},gen_ai_token_type="input"}`)).toBe(2000)
    expect(value(`llmeter_llm_cost_usd_total{${labels},llmeter_cost_type="output"}`)).toBeCloseTo(0.008, 12)
    expect(value(`gen_ai_client_operation_duration_seconds_count{${labels}}`)).toBe(2)
    expect(
      value('llmeter_budget_spend_usd{llmeter_budget_name="monthly",llmeter_budget_window="month"}'),
    ).toBeCloseTo(0.012, 12)
    const storeLines = app
      .stderr()
      .split('\n')
      .filter((l) => /store|redis/i.test(l))
    expect(storeLines).toEqual([
      'llmeter budget spend store rediss://127.0.0.1:1 is unavailable (connect ECONNREFUSED 127.0.0.1:1); budgets keep spend in memory for this process',
    ])
  })
})
