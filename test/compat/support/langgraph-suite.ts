/**
 * The LangGraph rows of the matrix: one suite body, run by one test file per @langchain/langgraph
 * release (the low end as the alias `@langchain/langgraph-low`). Both releases run on the installed
 * @langchain/core, which both accept as their peer, with ChatOpenAI against a Chat Completions wire
 * server that asks for the weather tool once, then answers; llmeter's handler passed in `callbacks`.
 */
import { tool } from '@langchain/core/tools'
import { ChatOpenAI } from '@langchain/openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { LlmeterCallbackHandler } from '../../../src/instrumentations/langchain/handler.js'
import { type ChatToolsServer, startChatToolsServer } from '../../support/chat-tools-server.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { expectDeclared, installedVersion } from './matrix.js'

/** The LangGraph releases the graph rules are tested with (docs/instrumentations.md). */
export const LANGGRAPH_RANGE = ['>=1.0.0 <2'] as const

export interface LangGraphModules {
  graph: any
  prebuilt: any
}

export function langgraphSuite(
  end: 'low' | 'high',
  packageName: string,
  { graph, prebuilt }: LangGraphModules,
) {
  const version = installedVersion(packageName)
  describe(`@langchain/langgraph ${version} (${end} end)`, () => {
    let server: ChatToolsServer
    let h: Harness
    beforeAll(async () => {
      server = await startChatToolsServer()
    })
    afterAll(async () => {
      await server.close()
    })
    beforeEach(() => {
      h = createHarness()
    })
    afterEach(async () => {
      await h.close()
    })

    const weather = tool(async ({ city }) => `sunny in ${city}`, {
      name: 'weather',
      description: 'Weather in a city',
      schema: z.object({ city: z.string() }),
    })
    const callbacks = () => ({ callbacks: [new LlmeterCallbackHandler()] })

    it('is inside the declared range', () => {
      expectDeclared(version, LANGGRAPH_RANGE)
    })

    it('records a prebuilt ReAct agent as one invocation with its model and tool calls', async () => {
      const llm = new ChatOpenAI({
        model: 'gpt-4o-mini',
        apiKey: 'k',
        configuration: { baseURL: server.url },
      })
      const agent = prebuilt.createReactAgent({ llm, tools: [weather], name: 'react' })
      const result = await agent.invoke({ messages: [{ role: 'user', content: 'w' }] }, callbacks())
      expect(result.messages.at(-1)?.content).toBe('It is sunny.')
      const name = { 'gen_ai.agent.name': 'react' }
      expect(await h.value('llmeter.agent.invocations', name)).toBe(1)
      expect(await h.histogram('gen_ai.invoke_agent.inference_calls', name)).toMatchObject({
        count: 1,
        sum: 2,
      })
      expect(await h.histogram('gen_ai.invoke_agent.tool_calls', name)).toMatchObject({ count: 1, sum: 1 })
      const tool = { 'gen_ai.tool.name': 'weather', 'gen_ai.tool.type': 'function', ...name }
      expect(await h.value('llmeter.tool.executions', tool)).toBe(1)
      expect(await h.metric('gen_ai.invoke_workflow.duration')).toBeUndefined()
    })

    it('records a StateGraph run as one workflow, and its failure with the error type', async () => {
      const State = graph.Annotation.Root({ steps: graph.Annotation() })
      const build = (name: string, step: (s: { steps: number }) => Promise<{ steps: number }>) =>
        new graph.StateGraph(State)
          .addNode('step', step)
          .addEdge(graph.START, 'step')
          .addEdge('step', graph.END)
          .compile({ name })
      expect(
        await build('count', async (s) => ({ steps: s.steps + 1 })).invoke({ steps: 1 }, callbacks()),
      ).toEqual({
        steps: 2,
      })
      const error = Object.assign(new Error('down'), { status: 503 })
      await expect(
        build('fragile', async () => {
          throw error
        }).invoke({ steps: 0 }, callbacks()),
      ).rejects.toBe(error)
      const workflow = (attrs: Record<string, string>) =>
        h.histogram('gen_ai.invoke_workflow.duration', attrs)
      expect((await workflow({ 'gen_ai.workflow.name': 'count' }))?.count).toBe(1)
      expect(
        (await workflow({ 'gen_ai.workflow.name': 'fragile', 'error.type': 'server_error' }))?.count,
      ).toBe(1)
    })
  })
}
