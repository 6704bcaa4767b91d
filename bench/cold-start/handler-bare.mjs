// The baseline function module: the same handler as handler-wrapped.mjs, with no llmeter.
import OpenAI from 'openai'
import { fakeOpenAIFetch } from '../lib/fake-openai.mjs'

const openai = new OpenAI({
  apiKey: 'k',
  baseURL: 'http://bench.invalid/v1',
  fetch: fakeOpenAIFetch(),
  maxRetries: 0,
})

export const handler = async () => {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
  })
  return { statusCode: 200, body: completion.choices[0].message.content }
}
