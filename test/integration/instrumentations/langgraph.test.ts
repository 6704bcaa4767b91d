import { tool } from '@langchain/core/tools'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import { createReactAgent } from '@langchain/langgraph/prebuilt'
import { ChatOpenAI } from '@langchain/openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { LlmeterCallbackHandler } from '../../../src/instrumentations/langchain/handler.js'
import { type ChatToolsServer, startChatToolsServer } from '../../support/chat-tools-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

// The real @langchain/langgraph with ChatOpenAI against a Chat Completions wire server that asks
// for the weather tool once, then answers; llmeter's LangChain handler passed in `callbacks`.
let server: ChatToolsServer
let h: Harness

const weather = tool(async ({ city }) => `sunny in ${city}`, {
  name: 'weather',
  description: 'Weather in a city',
  schema: z.object({ city: z.string() }),
})
const llm = () =>
  new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', configuration: { baseURL: server.url } })
const callbacks = () => ({ callbacks: [new LlmeterCallbackHandler()] })
const agent = (name: string) => ({ 'gen_ai.agent.name': name })
const weatherTool = (agentName: string) => ({
  'gen_ai.tool.name': 'weather',
  'gen_ai.tool.type': 'function',
  'gen_ai.agent.name': agentName,
})
const State = Annotation.Root({ steps: Annotation<number>() })

beforeEach(async () => {
  server = await startChatToolsServer()
  h = createHarness()
})
afterEach(async () => {
  await h.close()
  await server.close()
})

describe('LangGraph through the LangChain handler', () => {
  it('a createReactAgent run is one agent invocation with its model and tool calls, not a workflow', async () => {
    const react = createReactAgent({ llm: llm(), tools: [weather], name: 'weather_bot' })
    const result = await react.invoke({ messages: [{ role: 'user', content: 'weather?' }] }, callbacks())
    expect(result.messages.at(-1)?.content).toBe('It is sunny.')
    expect(await h.value('llmeter.agent.invocations', agent('weather_bot'))).toBe(1)
    expect((await h.histogram('gen_ai.invoke_agent.duration', agent('weather_bot')))?.count).toBe(1)
    expect(await h.histogram('gen_ai.invoke_agent.inference_calls', agent('weather_bot'))).toMatchObject({
      count: 1,
      sum: 2,
    })
    expect(await h.histogram('gen_ai.invoke_agent.tool_calls', agent('weather_bot'))).toMatchObject({
      count: 1,
      sum: 1,
    })
    expect(await h.value('llmeter.tool.executions', weatherTool('weather_bot'))).toBe(1)
    expect(await h.value('llmeter.agent.active_sessions', agent('weather_bot'))).toBe(0)
    expect(await h.metric('gen_ai.invoke_workflow.duration')).toBeUndefined()
    const invocations = await h.metric('llmeter.agent.invocations')
    expect(invocations?.dataPoints).toHaveLength(1)
  })

  it('a graph is one workflow; an unnamed prebuilt agent in one of its nodes is an agent named by the node', async () => {
    const research = createReactAgent({ llm: llm(), tools: [weather] })
    const graph = new StateGraph(State)
      .addNode('plan', async (s) => ({ steps: s.steps + 1 }))
      .addNode('research', research as never)
      .addEdge(START, 'plan')
      .addEdge('plan', 'research')
      .addEdge('research', END)
      .compile({ name: 'trip' })
    await graph.invoke({ steps: 0, messages: [{ role: 'user', content: 'w' }] } as never, callbacks())
    const workflow = await h.histogram('gen_ai.invoke_workflow.duration', { 'gen_ai.workflow.name': 'trip' })
    expect(workflow?.count).toBe(1)
    expect((await h.metric('gen_ai.invoke_workflow.duration'))?.dataPoints).toHaveLength(1)
    expect(await h.value('llmeter.agent.invocations', agent('research'))).toBe(1)
    expect((await h.metric('llmeter.agent.invocations'))?.dataPoints).toHaveLength(1)
    expect(await h.histogram('gen_ai.invoke_agent.inference_calls', agent('research'))).toMatchObject({
      sum: 2,
    })
    expect(await h.value('llmeter.tool.executions', weatherTool('research'))).toBe(1)
  })

  it('a failing node fails its workflow with the error type, and the caller gets the very error', async () => {
    const error = Object.assign(new Error('no route'), { status: 503 })
    const graph = new StateGraph(State)
      .addNode('plan', async (): Promise<{ steps: number }> => {
        throw error
      })
      .addEdge(START, 'plan')
      .addEdge('plan', END)
      .compile({ name: 'fragile' })
    await expect(graph.invoke({ steps: 0 }, callbacks())).rejects.toBe(error)
    const attrs = { 'gen_ai.workflow.name': 'fragile', 'error.type': 'server_error' }
    expect((await h.histogram('gen_ai.invoke_workflow.duration', attrs))?.count).toBe(1)
  })
})
