// The Vercel AI SDK under llmeter: `npx node --import llmeter/register examples/ai/main.js`.
// One generateText, one streamText and one embed against the simulated provider, then the LLM
// series of /metrics. No llmeter code: the register entry wraps every model the AI SDK is given.
// (Bundled apps: `wrapLanguageModel({ model, middleware: llmeterMiddleware() })` from 'llmeter'.)
import { createOpenAI } from '@ai-sdk/openai'
import { embed, generateText, streamText } from 'ai'
import { startSimulatedProvider } from '../simulated-provider/index.js'

const provider = await startSimulatedProvider()
const openai = createOpenAI({ apiKey: 'sk-example', baseURL: `${provider.url}/v1` })

const { text } = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Hello!' })
console.log('answer:', text)
const result = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Stream!' })
for await (const delta of result.textStream) process.stdout.write(delta)
console.log()
await embed({ model: openai.embedding('text-embedding-3-small'), value: 'sunny day at the beach' })

const { ready, shutdown } = await import('llmeter')
const instance = await ready()
if (instance?.metricsUrl) {
  const metrics = await (await fetch(instance.metricsUrl)).text()
  console.log(
    metrics
      .split('\n')
      .filter((l) => l.startsWith('llmeter_llm_'))
      .join('\n'),
  )
}
await provider.close()
await shutdown()
