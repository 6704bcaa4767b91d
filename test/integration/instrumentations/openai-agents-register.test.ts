// The "done when" of the agents issue, automatic mode: an app using @openai/agents and
// @modelcontextprotocol/sdk, with no llmeter code, under `node --import llmeter/register`,
// scraped over /metrics: agent invocations, tool executions (function and MCP), handoffs,
// guardrail trips, the model calls counted once, and MCP operations on both sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prometheusMetricName } from '../../../src/exporters/prometheus/naming.js'
import { METRICS, type MetricDefinition } from '../../../src/semconv/metrics.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { startFakeResponses } from '../../support/fake-responses-server.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'

const kindOf = (def: MetricDefinition) =>
  def.kind === 'counter' || def.kind === 'histogram' ? def.kind : 'gauge'
const family = (def: MetricDefinition) => prometheusMetricName(def.name, def.unit, kindOf(def))!
const label = (key: string) => key.replace(/[^a-zA-Z0-9]/g, '_')

describe('an app using @openai/agents and MCP under --import llmeter/register', () => {
  let fake: Awaited<ReturnType<typeof startFakeResponses>>
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    fake = await startFakeResponses()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/openai-agents-mcp.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      RESPONSES_URL: fake.url,
      // Tracing off, as many apps run it: llmeter does not depend on the SDK's traces.
      OPENAI_AGENTS_DISABLE_TRACING: '1',
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
    // Loading @openai/agents under the ESM hook takes seconds on a loaded 2-core machine.
  }, 180_000)
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await fake?.close()
  })

  /** The sum of the series of `name` whose labels include every `labels` pair. */
  const total = (name: string, labels: Record<string, string>) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${label(k)}="${v}"`)))
      .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0)
  const count = (def: MetricDefinition, labels: Record<string, string>) =>
    total(
      `${family(def)}_count`,
      Object.fromEntries(Object.entries(labels).filter(([k]) => def.attributes.includes(k))),
    )
  const sum = (def: MetricDefinition, labels: Record<string, string>) =>
    total(
      `${family(def)}_sum`,
      Object.fromEntries(Object.entries(labels).filter(([k]) => def.attributes.includes(k))),
    )

  it('has one invocation per agent run, a new one at the handoff, and a failed one for the tripped guardrail', () => {
    const model = { 'gen_ai.request.model': 'gpt-4.1-mini' }
    for (const agent of ['weather', 'forecaster', 'triage', 'billing', 'researcher', 'guarded']) {
      expect(count(METRICS.agentDuration, { 'gen_ai.agent.name': agent, ...model }), agent).toBe(1)
    }
    expect(count(METRICS.agentDuration, { 'gen_ai.agent.name': 'guarded', 'error.type': '_OTHER' })).toBe(1)
    expect(total(family(METRICS.agentHandoffs), { 'gen_ai.agent.name': 'triage' })).toBe(1)
    expect(
      total(family(METRICS.agentGuardrailTrips), {
        'gen_ai.agent.name': 'guarded',
        'llmeter.guardrail.name': 'no_secrets',
        'llmeter.guardrail.kind': 'input',
      }),
    ).toBe(1)
  })

  it('has one tool execution per tool call, function and MCP, and the calls per invocation', () => {
    expect(
      count(METRICS.toolDuration, {
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.agent.name': 'weather',
        'gen_ai.tool.type': 'function',
      }),
    ).toBe(1)
    for (const tool of ['lookup', 'explode']) {
      expect(
        count(METRICS.toolDuration, {
          'gen_ai.tool.name': tool,
          'gen_ai.agent.name': 'researcher',
          'gen_ai.tool.type': 'extension',
        }),
      ).toBe(1)
    }
    expect(count(METRICS.toolDuration, { 'gen_ai.tool.name': 'get_weather', 'error.type': '_OTHER' })).toBe(0)
    // The function tool that threw failed, though the SDK handed the model a message and the run
    // (its invocation) succeeded.
    const forecast = {
      'gen_ai.tool.name': 'get_forecast',
      'gen_ai.agent.name': 'forecaster',
      'gen_ai.tool.type': 'function',
    }
    expect(count(METRICS.toolDuration, { ...forecast, 'error.type': '_OTHER' })).toBe(1)
    expect(count(METRICS.toolDuration, forecast)).toBe(1)
    expect(count(METRICS.agentDuration, { 'gen_ai.agent.name': 'forecaster', 'error.type': '_OTHER' })).toBe(
      0,
    )
    expect(count(METRICS.toolDuration, {})).toBe(4)
    expect(sum(METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'weather' })).toBe(2)
    expect(sum(METRICS.agentToolCalls, { 'gen_ai.agent.name': 'weather' })).toBe(1)
    expect(sum(METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'researcher' })).toBe(3)
    expect(sum(METRICS.agentToolCalls, { 'gen_ai.agent.name': 'researcher' })).toBe(2)
  })

  it('counts every model call once, as many as the Responses API answered', () => {
    // weather 2, forecaster 2, triage 1, billing 1, guarded 0 (blocking guardrail), researcher 3.
    expect(fake.requests.length).toBe(9)
    expect(total(family(METRICS.requests), { 'gen_ai.request.model': 'gpt-4.1-mini' })).toBe(9)
  })

  it('records MCP operations on the client (the agent and the app) and on the server', () => {
    const client = family(METRICS.mcpClientOperationDuration)
    const server = family(METRICS.mcpServerOperationDuration)
    const lookup = { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'lookup' }
    expect(total(`${client}_count`, lookup)).toBe(2)
    expect(total(`${server}_count`, lookup)).toBe(2)
    const explode = {
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'explode',
      'error.type': 'tool_error',
    }
    expect(total(`${client}_count`, explode)).toBe(1)
    expect(total(`${server}_count`, explode)).toBe(1)
    expect(total(`${client}_count`, { 'mcp.method.name': 'initialize' })).toBe(2)
    const port = { 'server.address': '127.0.0.1', 'server.port': app.info.mcpPort! }
    expect(
      total(`${family(METRICS.mcpClientSessionDuration)}_count`, { 'network.transport': 'tcp', ...port }),
    ).toBe(2)
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })
})
