// A route handler calling the openai client: recorded by llmeter with no code here.
import OpenAI from 'openai'

const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-example',
  baseURL: process.env.OPENAI_BASE_URL,
})

export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string }
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
  })
  return Response.json({ text: completion.choices[0]?.message.content ?? '' })
}
