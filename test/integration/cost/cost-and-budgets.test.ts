import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'

// The "done when": a user price file and a monthly budget; priced and unknown-model calls
// give exact cost totals, one warning per unknown model, the same spend after a restart, and an
// exhausted enforced budget refusing the next call.
describe('cost and budgets end to end', () => {
  let dir: string
  let env: Record<string, string>
  const apps: ChildApp[] = []
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmeter-cost-'))
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'openai:my-model': { input: 2, output: 8 } }))
    writeFileSync(
      join(dir, 'budgets.json'),
      JSON.stringify({ budgets: [{ name: 'monthly', limitUsd: 0.05, window: 'month', enforce: true }] }),
    )
    env = {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      LLMETER_PRICES_FILE: join(dir, 'prices.json'),
      LLMETER_BUDGETS_FILE: join(dir, 'budgets.json'),
      LLMETER_BUDGET_STORE: join(dir, 'spend.json'),
      OTEL_LOG_LEVEL: 'warn',
    }
  })
  afterAll(async () => {
    for (const app of apps) await app.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const run = async (calls: number) => {
    const app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/cost-budget.mjs'], {
      ...env,
      CALLS: String(calls),
    })
    apps.push(app)
    return { app, text: await (await fetch(app.info.metricsUrl!)).text() }
  }
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }
  const labels = 'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="my-model"'

  it('records exact costs, counts unknown models once each, and warns once per model', async () => {
    const { app, text } = await run(5)
    expect(value(text, `llmeter_llm_cost_usd_total{${labels},llmeter_cost_type="input"}`)).toBeCloseTo(
      0.01,
      12,
    )
    expect(value(text, `llmeter_llm_cost_usd_total{${labels},llmeter_cost_type="output"}`)).toBeCloseTo(
      0.02,
      12,
    )
    for (const model of ['mystery-model-1', 'mystery-model-2']) {
      expect(
        value(
          text,
          `llmeter_llm_unpriced_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${model}"}`,
        ),
      ).toBe(5)
      expect(app.stderr().split(`"${model}"`).length - 1).toBe(1)
    }
    expect(
      value(text, 'llmeter_budget_spend_usd{llmeter_budget_name="monthly",llmeter_budget_window="month"}'),
    ).toBeCloseTo(0.03, 12)
    expect(
      value(text, 'llmeter_budget_limit_usd{llmeter_budget_name="monthly",llmeter_budget_window="month"}'),
    ).toBe(0.05)
    expect(app.info.blocked).toBeNull()
    await app.stop('SIGTERM')
  })

  it('keeps spend across a restart and refuses calls once the enforced budget is exhausted', async () => {
    const second = await run(0)
    expect(
      value(
        second.text,
        'llmeter_budget_spend_usd{llmeter_budget_name="monthly",llmeter_budget_window="month"}',
      ),
    ).toBeCloseTo(0.03, 12)
    await second.app.stop('SIGTERM')
    const third = await run(4)
    // 0.03 + 4 x 0.006 = 0.054 > 0.05: the probe call after them is refused.
    expect(third.app.info.blocked).toBe('monthly')
    expect(
      value(
        third.text,
        'llmeter_budget_remaining_usd{llmeter_budget_name="monthly",llmeter_budget_window="month"}',
      ),
    ).toBe(0)
    // The budget matches every call: after the 4th priced call, that round's two unknown-model calls
    // and the probe are all refused.
    expect(
      value(
        third.text,
        'llmeter_budget_exceeded_total{llmeter_budget_name="monthly",llmeter_budget_action="blocked"}',
      ),
    ).toBe(3)
    expect(value(third.text, `llmeter_llm_requests_total{${labels},error_type="budget_exceeded"}`)).toBe(1)
  })
})
