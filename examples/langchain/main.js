// LangChain.js under llmeter: `npx node --import llmeter/register examples/langchain/main.js`.
// A small agent (a runnable named "support-agent") calls a chat model and a tool against the
// simulated provider; /metrics then shows the LLM call, the tool execution and the agent
// invocation. No llmeter code: the register entry adds llmeter's callback handler to every run.
// (Bundled apps: pass `callbacks: [new LlmeterCallbackHandler()]` from 'llmeter/langchain'.)
import { RunnableLambda } from '@langchain/core/runnables'
import { tool } from '@langchain/core/tools'
import { ChatOpenAI } from '@langchain/openai'
import { z } from 'zod'
import { startSimulatedProvider } from '../simulated-provider/index.js'

const provider = await startSimulatedProvider()
const chat = new ChatOpenAI({
  model: 'gpt-4o-mini',
  apiKey: 'sk-example',
  configuration: { baseURL: `${provider.url}/v1` },
})
const search = tool(async ({ query }) => `3 documents about ${query}`, {
  name: 'search',
  description: 'Searches the help center',
  schema: z.object({ query: z.string() }),
})
const agent = RunnableLambda.from(async (question, config) => {
  const reply = await chat.invoke(question, config)
  const found = await search.invoke({ query: 'refunds' }, config)
  return `${reply.content} (${found})`
}).withConfig({ runName: 'support-agent' })

console.log('answer:', await agent.invoke('How do refunds work?'))

const { ready, shutdown } = await import('llmeter')
const instance = await ready()
if (instance?.metricsUrl) {
  const metrics = await (await fetch(instance.metricsUrl)).text()
  console.log(
    metrics
      .split('\n')
      .filter((l) => /^llmeter_(llm_requests|tool_executions|agent_invocations)_total/.test(l))
      .join('\n'),
  )
}
await provider.close()
await shutdown()
