// A Lambda function module as a user writes it: nothing starts llmeter here; the wrapper does on
// the first invocation. The client is instrumented explicitly, since `openai` is imported before
// any llmeter code runs (without NODE_OPTIONS=--import llmeter/register, no load hook sees it).
import { instrument } from 'llmeter'
import { wrapLambda } from 'llmeter/serverless'
import OpenAI from 'openai'

const openai = instrument(
  new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 }),
)

export const handler = wrapLambda(async (event) => {
  const completion = await openai.chat.completions.create({
    model: event.model,
    messages: [{ role: 'user', content: 'Say hello.' }],
  })
  if (event.fail) throw new Error(`failed after call ${event.n}`)
  return { statusCode: 200, body: completion.choices[0].message.content, n: event.n }
})
