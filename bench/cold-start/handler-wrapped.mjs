// The function module with llmeter: the client instrumented explicitly, the handler wrapped, so
// the first invocation starts llmeter and pushes OTLP (to the bench's local receiver) before it
// returns.
import { instrument } from 'llmeter'
import { wrapLambda } from 'llmeter/serverless'
import OpenAI from 'openai'
import { fakeOpenAIFetch } from '../lib/fake-openai.mjs'

const openai = instrument(
  new OpenAI({ apiKey: 'k', baseURL: 'http://bench.invalid/v1', fetch: fakeOpenAIFetch(), maxRetries: 0 }),
)

export const handler = wrapLambda(async () => {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
  })
  return { statusCode: 200, body: completion.choices[0].message.content }
})
