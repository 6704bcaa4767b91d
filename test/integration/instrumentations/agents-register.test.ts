import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChatToolsServer, startChatToolsServer } from '../../support/chat-tools-server.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'

/**
 * The agent, tool and workflow metrics as merged in open-telemetry/semantic-conventions-genai
 * (model/gen-ai/metrics.yaml; not in a release yet), transcribed: the Prometheus name a scrape
 * serves (unit `s` adds `_seconds`, annotations like `{tool_call}` add nothing), the bucket advice,
 * and the attribute keys each may carry (as Prometheus labels).
 */
const DEFINITIONS = {
  'gen_ai.invoke_agent.duration': {
    prometheus: 'gen_ai_invoke_agent_duration_seconds',
    buckets: [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6],
    labels: ['gen_ai_agent_name', 'gen_ai_request_model', 'error_type'],
  },
  'gen_ai.invoke_agent.inference_calls': {
    prometheus: 'gen_ai_invoke_agent_inference_calls',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    labels: ['gen_ai_agent_name'],
  },
  'gen_ai.invoke_agent.tool_calls': {
    prometheus: 'gen_ai_invoke_agent_tool_calls',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    labels: ['gen_ai_agent_name'],
  },
  'gen_ai.execute_tool.duration': {
    prometheus: 'gen_ai_execute_tool_duration_seconds',
    buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
    labels: ['gen_ai_tool_name', 'gen_ai_tool_type', 'gen_ai_agent_name', 'error_type'],
  },
  'gen_ai.invoke_workflow.duration': {
    prometheus: 'gen_ai_invoke_workflow_duration_seconds',
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    labels: ['gen_ai_workflow_name', 'error_type'],
  },
} as const

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

function parse(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line)
    if (type) types.set(type[1]!, type[2]!)
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!sample || line.startsWith('#')) continue
    const labels: Record<string, string> = {}
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) })
  }
  return { types, samples }
}

describe('agents under --import llmeter/register: the AI SDK, LangGraph, one real scrape', () => {
  let app: ChildApp | undefined
  let server: ChatToolsServer | undefined
  let scrape: ReturnType<typeof parse>
  let text: string
  beforeAll(async () => {
    server = await startChatToolsServer()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/agents.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      TOOLS_URL: server.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
    scrape = parse(text)
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await server?.close()
  })

  const value = (name: string, labels: Record<string, string>) =>
    scrape.samples.find(
      (s) =>
        s.name === name &&
        Object.keys(s.labels).length === Object.keys(labels).length &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )?.value

  it.each(Object.entries(DEFINITIONS))('serves %s as its definition says', (_name, def) => {
    expect(scrape.types.get(def.prometheus)).toBe('histogram')
    const series = scrape.samples.filter((s) => s.name.startsWith(`${def.prometheus}_`))
    expect(series.length).toBeGreaterThan(0)
    for (const s of series) {
      expect([`${def.prometheus}_bucket`, `${def.prometheus}_sum`, `${def.prometheus}_count`]).toContain(
        s.name,
      )
      const keys = Object.keys(s.labels).filter((k) => k !== 'le')
      expect(keys.filter((k) => !(def.labels as readonly string[]).includes(k))).toEqual([])
    }
    const first = series.find((s) => s.name === `${def.prometheus}_count`)!
    const bounds = series
      .filter((s) => s.name === `${def.prometheus}_bucket` && sameSeries(s, first))
      .map((s) => s.labels.le)
    expect(bounds).toEqual([...def.buckets.map(String), '+Inf'])
  })

  it('records the ToolLoopAgent with its model, steps and tool, and generateText tools outside agents', () => {
    const agent = { gen_ai_agent_name: 'weather-bot' }
    expect(
      value('gen_ai_invoke_agent_duration_seconds_count', { ...agent, gen_ai_request_model: 'gpt-4o-mini' }),
    ).toBe(1)
    expect(value('gen_ai_invoke_agent_inference_calls_sum', agent)).toBe(2)
    expect(value('gen_ai_invoke_agent_inference_calls_bucket', { ...agent, le: '1' })).toBe(0)
    expect(value('gen_ai_invoke_agent_inference_calls_bucket', { ...agent, le: '2' })).toBe(1)
    expect(value('gen_ai_invoke_agent_tool_calls_sum', agent)).toBe(1)
    const tool = { gen_ai_tool_name: 'weather', gen_ai_tool_type: 'function' }
    expect(value('gen_ai_execute_tool_duration_seconds_count', { ...tool, ...agent })).toBe(1)
    expect(value('gen_ai_execute_tool_duration_seconds_count', tool)).toBe(1)
    expect(value('llmeter_agent_active_sessions', agent)).toBe(0)
  })

  it('records the LangGraph prebuilt agent as one invocation and the graph as one workflow', () => {
    const agent = { gen_ai_agent_name: 'lg_agent' }
    expect(value('gen_ai_invoke_agent_duration_seconds_count', agent)).toBe(1)
    expect(value('gen_ai_invoke_agent_inference_calls_sum', agent)).toBe(2)
    expect(value('gen_ai_invoke_agent_tool_calls_sum', agent)).toBe(1)
    const tool = { gen_ai_tool_name: 'lc_weather', gen_ai_tool_type: 'function', ...agent }
    expect(value('gen_ai_execute_tool_duration_seconds_count', tool)).toBe(1)
    expect(value('gen_ai_invoke_workflow_duration_seconds_count', { gen_ai_workflow_name: 'trip' })).toBe(1)
    expect(
      scrape.samples.filter((s) => s.name === 'gen_ai_invoke_workflow_duration_seconds_count'),
    ).toHaveLength(1)
  })

  it('counts every model call once: four AI SDK steps and two LangChain ones through the openai patch', () => {
    const call = {
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: 'gpt-4o-mini',
      llmeter_request_stream: 'false',
    }
    expect(value('llmeter_llm_requests_total', call)).toBe(6)
    expect(server?.requests()).toBe(6)
  })
})

function sameSeries(a: Sample, b: Sample): boolean {
  const keys = new Set([...Object.keys(a.labels), ...Object.keys(b.labels)])
  keys.delete('le')
  return [...keys].every((k) => a.labels[k] === b.labels[k])
}
