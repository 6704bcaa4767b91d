// A server component calling the openai client while it renders, and a form calling a server
// action (app/actions.ts): both recorded by llmeter with no code here.
import OpenAI from 'openai'
import { AskForm } from './ask-form'

// Rendered per request: the call happens when the page is served, not once at build time.
export const dynamic = 'force-dynamic'

const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-example',
  baseURL: process.env.OPENAI_BASE_URL,
})

export default async function Page() {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Greet the visitor.' }],
  })
  return (
    <main>
      <p>{completion.choices[0]?.message.content}</p>
      <AskForm />
    </main>
  )
}
