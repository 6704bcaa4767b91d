// The OpenAI Agents SDK instrumentation on the real @openai/agents, its OpenAI provider pointed at
// a local Responses API: one invocation per agent run (a new one at each handoff), one execution
// per tool call, the run's inference and tool calls, handoffs, a tripped guardrail, MCP tools of a
// real MCP server, and each model call counted once, by the openai patch.

import * as mcpSdkClient from '@modelcontextprotocol/sdk/client/index.js'
import * as mcpClientHttp from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import * as mcpMemory from '@modelcontextprotocol/sdk/inMemory.js'
import * as mcpServerModule from '@modelcontextprotocol/sdk/server/mcp.js'
import * as mcpServerHttp from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import * as agents from '@openai/agents'
import * as openai from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { patchMcpClient, unpatchMcpClient } from '../../../src/instrumentations/mcp/index.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import {
  patchOpenAIAgentsExports,
  unpatchOpenAIAgentsExports,
} from '../../../src/instrumentations/openai-agents/index.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { METRICS } from '../../../src/semconv/metrics.js'
import { startFakeResponses } from '../../support/fake-responses-server.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { buildMcpServer, mcpSdk, startMcpHttp } from '../../support/mcp-scenario.js'
import { sumOf } from '../../support/metric-sums.js'

const MODEL = 'gpt-4.1-mini'
// The MCP client package @openai/agents-core connects to MCP servers with (its own optional peer
// dependency, installed with it): the test patches the very copy the SDK imports.
const AGENTS_MCP_CLIENT = '@modelcontextprotocol/client'
let mcpClient: { Client: unknown }
let fake: Awaited<ReturnType<typeof startFakeResponses>>
let h: Harness
let runner: agents.Runner

const weatherTool = () =>
  agents.tool({
    name: 'get_weather',
    description: 'The weather',
    parameters: z.object({}),
    execute: async () => 'sunny',
  })

const invocations = (agent: string) =>
  sumOf(h, METRICS.agentDuration, { 'gen_ai.agent.name': agent, 'gen_ai.request.model': MODEL })
const llmRequests = async () => (await sumOf(h, METRICS.requests, { 'gen_ai.request.model': MODEL })).value

beforeAll(async () => {
  patchOpenAIExports(openai, defaultRecorder)
  patchOpenAIAgentsExports(agents, defaultRecorder)
  mcpClient = await import(AGENTS_MCP_CLIENT)
  patchMcpClient(mcpClient.Client, defaultRecorder)
  fake = await startFakeResponses()
  const client = new openai.default({ apiKey: 'sk-test', baseURL: fake.url })
  runner = new agents.Runner({ modelProvider: new agents.OpenAIProvider({ openAIClient: client }) })
})
afterAll(async () => {
  unpatchOpenAIExports(openai)
  unpatchOpenAIAgentsExports(agents)
  unpatchMcpClient(mcpClient.Client)
  await fake.close()
})
beforeEach(() => {
  h = createHarness()
  fake.requests.length = 0
})
afterEach(async () => {
  await h.close()
})

describe('an agent run with a function tool', () => {
  it('is one invocation with two inference calls and one tool execution', async () => {
    const agent = new agents.Agent({ name: 'weather', model: MODEL, tools: [weatherTool()] })
    const result = await runner.run(agent, 'What is the weather?')
    expect(result.finalOutput).toBe('done')
    expect(fake.requests.length).toBe(2)

    expect((await invocations('weather')).count).toBe(1)
    expect((await sumOf(h, METRICS.agentInvocations, { 'gen_ai.agent.name': 'weather' })).value).toBe(1)
    const tool = {
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.agent.name': 'weather',
      'gen_ai.tool.type': 'function',
    }
    expect((await sumOf(h, METRICS.toolDuration, tool)).count).toBe(1)
    expect(await sumOf(h, METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'weather' })).toMatchObject({
      count: 1,
      sum: 2,
    })
    expect(await sumOf(h, METRICS.agentToolCalls, { 'gen_ai.agent.name': 'weather' })).toMatchObject({
      count: 1,
      sum: 1,
    })
    // Each model call is the openai patch's, once: as many as the server answered.
    expect(await llmRequests()).toBe(fake.requests.length)
    expect((await sumOf(h, METRICS.agentActiveSessions, {})).value).toBe(0)
  })

  it('counts a streamed run the same way, once its stream is read', async () => {
    const agent = new agents.Agent({ name: 'weather', model: MODEL, tools: [weatherTool()] })
    const stream = await runner.run(agent, 'What is the weather?', { stream: true })
    for await (const _event of stream) {
      // Reading the stream to its end, as an app does.
    }
    await stream.completed
    expect(stream.finalOutput).toBe('done')
    expect((await invocations('weather')).count).toBe(1)
    expect(await sumOf(h, METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'weather' })).toMatchObject({
      count: 1,
      sum: 2,
    })
    expect((await sumOf(h, METRICS.toolDuration, { 'gen_ai.tool.name': 'get_weather' })).count).toBe(1)
    expect(await llmRequests()).toBe(2)
  })
})

describe('a run with a handoff', () => {
  it('is one invocation per agent, with the handoff counted for the agent that handed off', async () => {
    const billing = new agents.Agent({ name: 'billing', model: MODEL })
    const triage = new agents.Agent({ name: 'triage', model: MODEL, handoffs: [billing] })
    const result = await runner.run(triage, 'I want a refund')
    expect(result.finalOutput).toBe('done')
    expect(result.lastAgent?.name).toBe('billing')
    expect((await invocations('triage')).count).toBe(1)
    expect((await invocations('billing')).count).toBe(1)
    expect(await sumOf(h, METRICS.agentHandoffs, { 'gen_ai.agent.name': 'triage' })).toMatchObject({
      value: 1,
      points: 1,
    })
    expect((await sumOf(h, METRICS.agentHandoffs, {})).value).toBe(1)
    expect(await sumOf(h, METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'triage' })).toMatchObject({
      count: 1,
      sum: 1,
    })
    expect(await sumOf(h, METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'billing' })).toMatchObject({
      count: 1,
      sum: 1,
    })
    // A handoff is not a tool execution.
    expect((await sumOf(h, METRICS.toolDuration, {})).count).toBe(0)
    expect(await llmRequests()).toBe(2)
  })
})

describe('a run whose input guardrail trips', () => {
  it('counts the trip and fails the invocation; the host gets the SDK error', async () => {
    const agent = new agents.Agent({
      name: 'guarded',
      model: MODEL,
      inputGuardrails: [
        {
          name: 'no_secrets',
          runInParallel: false,
          execute: async () => ({ tripwireTriggered: true, outputInfo: {} }),
        },
      ],
    })
    const error = await runner.run(agent, 'my password is hunter2').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(agents.InputGuardrailTripwireTriggered)
    const trip = {
      'gen_ai.agent.name': 'guarded',
      'llmeter.guardrail.name': 'no_secrets',
      'llmeter.guardrail.kind': 'input',
    }
    expect(await sumOf(h, METRICS.agentGuardrailTrips, trip)).toMatchObject({ value: 1, points: 1 })
    expect(
      (await sumOf(h, METRICS.agentInvocations, { 'gen_ai.agent.name': 'guarded', 'error.type': '_OTHER' }))
        .value,
    ).toBe(1)
    expect(await sumOf(h, METRICS.agentInferenceCalls, { 'gen_ai.agent.name': 'guarded' })).toMatchObject({
      count: 1,
      sum: 0,
    })
    expect(fake.requests.length).toBe(0)
    expect(await llmRequests()).toBe(0)
  })
})

describe('an agent using the tools of an MCP server over Streamable HTTP', () => {
  it('records each MCP tool call once as a tool execution, and once as an MCP client operation', async () => {
    const sdk = mcpSdk({
      client: mcpSdkClient,
      mcp: mcpServerModule,
      memory: mcpMemory,
      clientHttp: mcpClientHttp,
      serverHttp: mcpServerHttp,
    })
    const http = await startMcpHttp(sdk, buildMcpServer(sdk))
    const server = new agents.MCPServerStreamableHttp({ url: http.url.href, name: 'test-server' })
    await server.connect()
    try {
      const agent = new agents.Agent({ name: 'researcher', model: MODEL, mcpServers: [server] })
      const result = await runner.run(agent, 'Look it up')
      expect(result.finalOutput).toBe('done')
    } finally {
      await server.close()
      await http.close()
    }
    for (const name of ['lookup', 'explode']) {
      const tool = {
        'gen_ai.tool.name': name,
        'gen_ai.agent.name': 'researcher',
        'gen_ai.tool.type': 'extension',
      }
      expect((await sumOf(h, METRICS.toolDuration, tool)).count).toBe(1)
      const call = { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': name }
      expect((await sumOf(h, METRICS.mcpClientOperationDuration, call)).count).toBe(1)
    }
    expect((await sumOf(h, METRICS.toolDuration, {})).count).toBe(2)
    expect(await sumOf(h, METRICS.agentToolCalls, { 'gen_ai.agent.name': 'researcher' })).toMatchObject({
      count: 1,
      sum: 2,
    })
    expect(await llmRequests()).toBe(fake.requests.length)
    expect(fake.requests.length).toBe(3)
  })
})

describe('a recorder that throws', () => {
  it('changes nothing for the run: the same output, the same guardrail error', async () => {
    unpatchOpenAIAgentsExports(agents)
    patchOpenAIAgentsExports(agents, () => {
      throw new Error('recorder broke')
    })
    try {
      const agent = new agents.Agent({ name: 'weather', model: MODEL, tools: [weatherTool()] })
      expect((await runner.run(agent, 'What is the weather?')).finalOutput).toBe('done')
      const guarded = new agents.Agent({
        name: 'guarded',
        model: MODEL,
        inputGuardrails: [
          {
            name: 'no_secrets',
            runInParallel: false,
            execute: async () => ({ tripwireTriggered: true, outputInfo: {} }),
          },
        ],
      })
      const error = await runner.run(guarded, 'secret').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(agents.InputGuardrailTripwireTriggered)
      expect((await sumOf(h, METRICS.agentDuration, {})).count).toBe(0)
      // The openai patch still records the model calls.
      expect(await llmRequests()).toBe(2)
    } finally {
      unpatchOpenAIAgentsExports(agents)
      patchOpenAIAgentsExports(agents, defaultRecorder)
    }
  })
})
