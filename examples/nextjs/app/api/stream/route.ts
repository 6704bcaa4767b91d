// A route handler streaming with the AI SDK: recorded by llmeter with no code here.
import { createOpenAI } from '@ai-sdk/openai'
import { streamText } from 'ai'

const openai = createOpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-example',
  baseURL: process.env.OPENAI_BASE_URL,
})

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string }
  const result = streamText({ model: openai.chat('gpt-4.1-mini'), prompt })
  return result.toTextStreamResponse()
}
