// @openai/agents at the low and the high end of SUPPORTED_OPENAI_AGENTS_VERSIONS: the real SDK of
// each version (with its own agents-core and agents-openai), patched through its module exports
// as the load hook does, its OpenAI provider on the real `openai` client against a local
// Responses API.
import * as agentsHigh from '@openai/agents'
import * as agentsLow from '@openai/agents-low'
import * as openai from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../src/instrumentations/openai/patch.js'
import {
  patchOpenAIAgentsExports,
  SUPPORTED_OPENAI_AGENTS_VERSIONS,
  unpatchOpenAIAgentsExports,
} from '../../src/instrumentations/openai-agents/index.js'
import { patchToolFactory } from '../../src/instrumentations/openai-agents/tools.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { METRICS } from '../../src/semconv/metrics.js'
import { startFakeResponses } from '../support/fake-responses-server.js'
import { createHarness, type Harness } from '../support/harness.js'
import { sumOf } from '../support/metric-sums.js'
import { expectDeclared, installedVersion, MATRIX } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.openaiAgents.low, sdk: agentsLow as any },
  { end: 'high', name: MATRIX.openaiAgents.high, sdk: agentsHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const MODEL = 'gpt-4.1-mini'

describe.each(rows)('@openai/agents $version ($end end, $name)', ({ sdk, version }) => {
  let fake: Awaited<ReturnType<typeof startFakeResponses>>
  let h: Harness
  let runner: any
  beforeAll(async () => {
    patchOpenAIExports(openai, defaultRecorder)
    patchOpenAIAgentsExports(sdk, defaultRecorder)
    fake = await startFakeResponses()
    const client = new openai.default({ apiKey: 'sk-test', baseURL: fake.url })
    runner = new sdk.Runner({ modelProvider: new sdk.OpenAIProvider({ openAIClient: client }) })
  })
  afterAll(async () => {
    unpatchOpenAIExports(openai)
    unpatchOpenAIAgentsExports(sdk)
    await fake.close()
  })
  beforeEach(() => {
    h = createHarness()
    fake.requests.length = 0
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_OPENAI_AGENTS_VERSIONS)
  })

  it('records a run with a tool: one invocation, one tool execution, two inference calls', async () => {
    const get_weather = sdk.tool({
      name: 'get_weather',
      description: 'w',
      parameters: z.object({}),
      execute: async () => 'sunny',
    })
    const agent = new sdk.Agent({ name: 'weather', model: MODEL, tools: [get_weather] })
    expect((await runner.run(agent, 'weather?')).finalOutput).toBe('done')
    const agentAttrs = { 'gen_ai.agent.name': 'weather', 'gen_ai.request.model': MODEL }
    expect((await sumOf(h, METRICS.agentDuration, agentAttrs)).count).toBe(1)
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
    expect((await sumOf(h, METRICS.requests, { 'gen_ai.request.model': MODEL })).value).toBe(
      fake.requests.length,
    )
    expect(fake.requests.length).toBe(2)
  })

  it('records a function tool that throws as a failed execution, the run going on', async () => {
    // The load hook patches the module's `tool` export; a namespace object here is read-only, so
    // the factory is patched on a copy of it.
    const exports = { tool: sdk.tool }
    patchToolFactory(exports)
    const get_forecast = exports.tool({
      name: 'get_forecast',
      description: 'f',
      parameters: z.object({}),
      execute: async () => {
        throw new Error('forecast service down')
      },
    })
    const agent = new sdk.Agent({ name: 'forecaster', model: MODEL, tools: [get_forecast] })
    expect((await runner.run(agent, 'forecast?')).finalOutput).toBe('done')
    const tool = {
      'gen_ai.tool.name': 'get_forecast',
      'gen_ai.agent.name': 'forecaster',
      'gen_ai.tool.type': 'function',
    }
    expect((await sumOf(h, METRICS.toolDuration, { ...tool, 'error.type': '_OTHER' })).count).toBe(1)
    expect((await sumOf(h, METRICS.toolDuration, {})).count).toBe(1)
    expect((await sumOf(h, METRICS.agentDuration, { 'gen_ai.agent.name': 'forecaster' })).count).toBe(1)
    expect(fake.requests.length).toBe(2)
  })

  it('records a handoff and an invocation per agent', async () => {
    const billing = new sdk.Agent({ name: 'billing', model: MODEL })
    const triage = new sdk.Agent({ name: 'triage', model: MODEL, handoffs: [billing] })
    expect((await runner.run(triage, 'refund')).finalOutput).toBe('done')
    expect((await sumOf(h, METRICS.agentHandoffs, { 'gen_ai.agent.name': 'triage' })).value).toBe(1)
    expect((await sumOf(h, METRICS.agentDuration, { 'gen_ai.agent.name': 'triage' })).count).toBe(1)
    expect((await sumOf(h, METRICS.agentDuration, { 'gen_ai.agent.name': 'billing' })).count).toBe(1)
    expect((await sumOf(h, METRICS.requests, {})).value).toBe(2)
  })

  it('records a tripped input guardrail', async () => {
    const agent = new sdk.Agent({
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
    const error = await runner.run(agent, 'secret').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(sdk.InputGuardrailTripwireTriggered)
    const trip = {
      'gen_ai.agent.name': 'guarded',
      'llmeter.guardrail.name': 'no_secrets',
      'llmeter.guardrail.kind': 'input',
    }
    expect((await sumOf(h, METRICS.agentGuardrailTrips, trip)).value).toBe(1)
    expect(fake.requests.length).toBe(0)
  })
})
