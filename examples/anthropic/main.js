// @anthropic-ai/sdk under llmeter: `npx node --import llmeter/register examples/anthropic/main.js`.
// One plain call and one messages.stream() against the simulated provider, then the LLM series.
import Anthropic from '@anthropic-ai/sdk'
import { startSimulatedProvider } from '../simulated-provider/index.js'

const provider = await startSimulatedProvider()
const anthropic = new Anthropic({ apiKey: 'sk-ant-example', baseURL: provider.url })
const params = {
  model: 'claude-sonnet-4-6',
  max_tokens: 200,
  messages: [{ role: 'user', content: 'Hello!' }],
}

const message = await anthropic.messages.create(params)
console.log('answer:', message.content[0].text)
const final = await anthropic.messages
  .stream(params)
  .on('text', (text) => process.stdout.write(text))
  .finalMessage()
console.log(`\n(${final.usage.output_tokens} output tokens)`)

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
