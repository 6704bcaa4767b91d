// The demo application: a small HTTP service with three routes that call LLMs through the real
// `openai` and `@anthropic-ai/sdk` clients (instrumented by llmeter at load), run an agent with
// tools, and use a semantic cache. It contains no metrics code but llmeter's manual workflow, agent, tool and
// cache helpers; everything else is recorded automatically.
import { createServer } from 'node:http'
import Anthropic from '@anthropic-ai/sdk'
import { recordCacheLookup, withAgent, withTool, withWorkflow } from 'llmeter'
import OpenAI from 'openai'

const QUESTIONS = [
  'How do I reset my password?',
  'What is the refund policy?',
  'Summarize the latest release notes.',
  'Which plan includes SSO?',
  'How are tokens billed?',
]

/** A tiny exact-match cache standing in for a semantic cache. */
function createCache() {
  const entries = new Map()
  return {
    get(key) {
      const hit = entries.get(key)
      recordCacheLookup({ type: 'semantic', hit: hit !== undefined })
      return hit
    },
    set(key, value) {
      if (entries.size > 3) entries.delete(entries.keys().next().value)
      entries.set(key, value)
    },
  }
}

async function readAll(stream) {
  let text = ''
  for await (const chunk of stream) text += chunk.choices?.[0]?.delta?.content ?? ''
  return text
}

/**
 * Starts the demo app on 127.0.0.1 (port 0 = any free one).
 * @param {{ providerUrl: string, port?: number }} options
 */
export async function startDemoApp({ providerUrl, port = 0 }) {
  const openai = new OpenAI({ apiKey: 'sk-demo-not-a-real-key', baseURL: `${providerUrl}/v1`, maxRetries: 2 })
  // No retries: this client's failures reach the caller (the /flaky route answers 502).
  const impatient = new OpenAI({
    apiKey: 'sk-demo-not-a-real-key',
    baseURL: `${providerUrl}/v1`,
    maxRetries: 0,
  })
  const anthropic = new Anthropic({
    apiKey: 'sk-ant-demo-not-a-real-key',
    baseURL: providerUrl,
    maxRetries: 2,
  })
  const cache = createCache()
  let n = 0

  const routes = {
    async '/chat'() {
      const question = QUESTIONS[n++ % QUESTIONS.length]
      const cached = cache.get(question)
      if (cached) return cached
      const stream = n % 2 === 0
      const messages = [{ role: 'user', content: question }]
      const answer = stream
        ? await readAll(
            await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
          )
        : (await openai.chat.completions.create({ model: 'gpt-4o-mini', messages })).choices[0].message
            .content
      cache.set(question, answer)
      return answer
    },
    async '/summarize'() {
      const params = {
        model: 'claude-sonnet-4-6',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Summarize this ticket.' }],
      }
      if (n++ % 2 === 0) return (await anthropic.messages.stream(params).finalMessage()).content[0].text
      return (await anthropic.messages.create(params)).content[0].text
    },
    async '/flaky'() {
      const res = await impatient.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Quick one.' }],
      })
      return res.choices[0].message.content
    },
    async '/local'() {
      // A self-hosted model the price catalog does not know: counted as unpriced.
      const res = await openai.chat.completions.create({
        model: 'local-llama-3-8b',
        messages: [{ role: 'user', content: 'Hi.' }],
      })
      return res.choices[0].message.content
    },
    async '/agent'() {
      // One research workflow run: the agent is its one step here.
      return withWorkflow('research', () =>
        withAgent('research-agent', async () => {
          const plan = await openai.chat.completions.create({
            model: 'gpt-4o',
            messages: [{ role: 'user', content: 'Plan the research steps.' }],
          })
          const hits = await withTool('search', async () => ['doc-1', 'doc-2'])
          await withTool('calculator', async () => 42)
          const final = await anthropic.messages.create({
            model: 'claude-haiku-4-5',
            max_tokens: 256,
            messages: [{ role: 'user', content: `Answer using ${hits.length} documents.` }],
          })
          return `${plan.choices[0].message.content} ${final.content[0].text}`
        }),
      )
    },
  }

  const server = createServer(async (req, res) => {
    if (req.url === '/healthz') {
      // For load tests: the heap after a full collection, when node runs with --expose-gc.
      globalThis.gc?.()
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ ok: true, heapUsed: process.memoryUsage().heapUsed }))
      return
    }
    const route = routes[req.url]
    if (!route) {
      res.statusCode = 404
      res.end()
      return
    }
    try {
      const answer = await route()
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ answer }))
    } catch (err) {
      res.statusCode = 502
      res.end(JSON.stringify({ error: err?.constructor?.name ?? 'Error' }))
    }
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    routes: Object.keys(routes),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
