// Conformance of the four MCP metrics with the MCP semantic conventions (semantic-conventions-genai,
// model/mcp/ and docs/gen-ai/mcp.md), over a real scrape of an app under --import llmeter/register:
// the Prometheus name (unit suffix), type, description, bucket boundaries, and the label keys each
// series carries. The conventions are transcribed here as data, independently of src/semconv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALL_METRICS } from '../../../src/semconv/metrics.js'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { startFakeResponses } from '../../support/fake-responses-server.js'

const BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300]
const OPERATION = {
  required: ['mcp.method.name'],
  conditionallyRequired: ['error.type', 'gen_ai.tool.name', 'gen_ai.prompt.name', 'rpc.response.status_code'],
  recommended: [
    'gen_ai.operation.name',
    'jsonrpc.protocol.version',
    'mcp.protocol.version',
    'network.protocol.name',
    'network.protocol.version',
    'network.transport',
  ],
  optIn: ['mcp.resource.uri'],
}
const SESSION = {
  required: [],
  conditionallyRequired: ['error.type'],
  recommended: [
    'jsonrpc.protocol.version',
    'mcp.protocol.version',
    'network.protocol.name',
    'network.protocol.version',
    'network.transport',
  ],
  optIn: [],
}
const SERVER_ADDRESS = ['server.address', 'server.port']

const CONVENTIONS = [
  {
    name: 'mcp.client.operation.duration',
    prometheus: 'mcp_client_operation_duration_seconds',
    brief:
      'The duration of the MCP request or notification as observed on the sender from the time it was sent until the response or ack is received.',
    attributes: { ...OPERATION, recommended: [...OPERATION.recommended, ...SERVER_ADDRESS] },
  },
  {
    name: 'mcp.server.operation.duration',
    prometheus: 'mcp_server_operation_duration_seconds',
    brief:
      'MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.',
    attributes: OPERATION,
  },
  {
    name: 'mcp.client.session.duration',
    prometheus: 'mcp_client_session_duration_seconds',
    brief: 'The duration of the MCP session as observed on the MCP client.',
    attributes: { ...SESSION, recommended: [...SESSION.recommended, ...SERVER_ADDRESS] },
  },
  {
    name: 'mcp.server.session.duration',
    prometheus: 'mcp_server_session_duration_seconds',
    brief: 'The duration of the MCP session as observed on the MCP server.',
    attributes: SESSION,
  },
] as const

const allowed = (c: (typeof CONVENTIONS)[number]) => {
  const a = c.attributes
  return [...a.required, ...a.conditionallyRequired, ...a.recommended, ...a.optIn] as string[]
}
const label = (key: string) => key.replace(/[^a-zA-Z0-9]/g, '_')

describe('the MCP metrics over a real scrape', () => {
  let fake: Awaited<ReturnType<typeof startFakeResponses>>
  let app: ChildApp
  let lines: string[] = []
  beforeAll(async () => {
    fake = await startFakeResponses()
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/openai-agents-mcp.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      RESPONSES_URL: fake.url,
      OPENAI_AGENTS_DISABLE_TRACING: '1',
    })
    lines = (await (await fetch(app.info.metricsUrl!)).text()).split('\n')
    // Loading @openai/agents under the ESM hook takes seconds on a loaded 2-core machine.
  }, 180_000)
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await fake?.close()
  })

  it.each(CONVENTIONS)("$name: defined with the conventions' unit and only their attributes", (c) => {
    const def = ALL_METRICS.find((m) => m.name === c.name)
    expect(def).toMatchObject({ kind: 'histogram', unit: 's', description: c.brief })
    expect(def!.buckets).toEqual(BUCKETS)
    expect(def!.attributes.filter((k) => !allowed(c).includes(k))).toEqual([])
    expect(c.attributes.required.every((k) => def!.attributes.includes(k))).toBe(true)
  })

  it.each(CONVENTIONS)('$name: served as $prometheus with its buckets and allowed labels', (c) => {
    expect(lines).toContain(`# TYPE ${c.prometheus} histogram`)
    expect(lines).toContain(`# HELP ${c.prometheus} ${c.brief}`)
    const buckets = lines.filter((l) => l.startsWith(`${c.prometheus}_bucket{`))
    expect(buckets.length).toBeGreaterThan(0)
    const series = new Map<string, string[]>()
    const allowedLabels = new Set(allowed(c).map(label))
    for (const line of buckets) {
      const labels = [
        ...line
          .slice(line.indexOf('{') + 1, line.lastIndexOf('}'))
          .matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g),
      ]
      const le = labels.find((m) => m[1] === 'le')![2]!
      const keys = labels.map((m) => m[1]!).filter((k) => k !== 'le')
      expect(keys.filter((k) => !allowedLabels.has(k))).toEqual([])
      for (const required of c.attributes.required) expect(keys).toContain(label(required))
      const id = labels
        .filter((m) => m[1] !== 'le')
        .map((m) => m[0])
        .join(',')
      series.set(id, [...(series.get(id) ?? []), le])
    }
    for (const les of series.values()) expect(les).toEqual([...BUCKETS.map(String), '+Inf'])
  })
})
