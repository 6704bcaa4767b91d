'use server'
// A server action calling the AI SDK's generateText: recorded by llmeter with no code here.
import { createOpenAI } from '@ai-sdk/openai'
import { generateText } from 'ai'

const openai = createOpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-example',
  baseURL: process.env.OPENAI_BASE_URL,
})

export async function ask(prompt: string): Promise<string> {
  const { text } = await generateText({ model: openai.chat('gpt-4.1'), prompt })
  return text
}
