// openai under llmeter: `npx node --import llmeter/register examples/openai/main.js`.
// Runs one plain and one streamed chat call against the simulated provider, then prints the
// LLM series of /metrics. No llmeter code: the register entry instruments the client.
import OpenAI from 'openai'
import { startSimulatedProvider } from '../simulated-provider/index.js'

const provider = await startSimulatedProvider()
const openai = new OpenAI({ apiKey: 'sk-example', baseURL: `${provider.url}/v1` })

const reply = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello!' }],
})
console.log('answer:', reply.choices[0].message.content)
const stream = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Stream!' }],
  stream: true,
})
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '')
console.log()

const { ready, shutdown } = await import('llmeter')
const instance = await ready()
if (instance?.metricsUrl) {
  const text = await (await fetch(instance.metricsUrl)).text()
  console.log(
    text
      .split('\n')
      .filter((l) => l.startsWith('llmeter_llm_'))
      .join('\n'),
  )
}
await provider.close()
await shutdown()
