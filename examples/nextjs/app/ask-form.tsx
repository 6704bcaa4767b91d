'use client'
// Calls the server action from the browser; the action runs on the server.
import { useState } from 'react'
import { ask } from './actions'

export function AskForm() {
  const [answer, setAnswer] = useState('')
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault()
        const prompt = String(new FormData(event.currentTarget).get('prompt') ?? '')
        setAnswer(await ask(prompt))
      }}
    >
      <input name="prompt" defaultValue="Say hello." />
      <button type="submit">Ask</button>
      <output>{answer}</output>
    </form>
  )
}
