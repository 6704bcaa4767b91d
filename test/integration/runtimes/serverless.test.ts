import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { instrument, ready, shutdown } from '../../../src/index.js'
import { wrapFetchHandler, wrapLambda } from '../../../src/serverless/index.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver.js'
import { type FakeOpenAI, PLAIN_USAGE, startFakeOpenAI } from './fake-openai-server.js'
import { counterIn, temporalityIn } from './otlp-points.js'

// The wrappers in-process: llmeter is not running until the first wrapped invocation starts it
// (OTLP to the receiver, cumulative temporality, the default); every invocation's data must be
// at the receiver when the invocation's promise settles, without waiting for anything else.
let openaiServer: FakeOpenAI
let receiver: OtlpReceiver
let client: OpenAI
let d: DiagCapture

const llmeter = () => ({
  otlp: { url: receiver.url, protocol: 'http/json' as const, timeoutMillis: 600_000 },
  // Far beyond the test timeout: only the wrapper's own bound can end a hanging push.
  exportTimeoutMillis: 600_000,
  exportIntervalMillis: 600_000,
  shutdownTimeoutMillis: 1_000,
  httpMetrics: false,
  runtimeMetrics: false,
  flushOnExit: false,
})
const requests = (model: string) =>
  receiver.exports.map((body) => counterIn(body, 'llmeter.llm.requests', { 'gen_ai.request.model': model }))
const chat = (model: string) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hello.' }] })

beforeAll(async () => {
  d = captureDiag()
  openaiServer = await startFakeOpenAI()
  receiver = await startOtlpReceiver()
  client = instrument(new OpenAI({ apiKey: 'sk-test', baseURL: openaiServer.baseURL, maxRetries: 0 }))
})
afterAll(async () => {
  await shutdown()
  await receiver.close()
  await openaiServer.close()
  d.stop()
})

describe('wrapLambda', () => {
  it("starts llmeter on the first invocation and pushes each invocation's call before it resolves", async () => {
    expect(await ready()).toBeUndefined()
    const results: object[] = []
    const handler = wrapLambda(
      async (event: { n: number }, context: { awsRequestId: string }) => {
        const completion = await chat('gpt-4o-mini')
        const result = {
          statusCode: 200,
          body: completion.choices[0]!.message.content,
          n: event.n,
          id: context.awsRequestId,
        }
        results.push(result)
        return result
      },
      { llmeter: llmeter() },
    )
    for (let n = 1; n <= 3; n++) {
      const result = await handler({ n }, { awsRequestId: `req-${n}` })
      expect(result).toBe(results[n - 1])
      expect(result).toEqual({ statusCode: 200, body: 'Hello.', n, id: `req-${n}` })
      // Cumulative: the push made by invocation n carries n calls; nothing else was pushed.
      expect(requests('gpt-4o-mini')).toEqual([1, 2, 3].slice(0, n))
    }
    const last = receiver.exports.at(-1)
    expect(temporalityIn(last, 'llmeter.llm.tokens')).toBe(2)
    expect(
      counterIn(last, 'llmeter.llm.tokens', {
        'gen_ai.token.type': 'input',
        'gen_ai.request.model': 'gpt-4o-mini',
      }),
    ).toBe(3 * PLAIN_USAGE.prompt_tokens)
    expect((await ready())?.metricsUrl).toBeUndefined()
  })

  it('still pushes when the handler rejects, and rejects with the very same error', async () => {
    const before = receiver.exports.length
    const failure = new Error('the handler failed after its call')
    const handler = wrapLambda(async () => {
      await chat('gpt-4o-mini-fail')
      throw failure
    })
    await expect(handler({}, {})).rejects.toBe(failure)
    expect(receiver.exports.length).toBe(before + 1)
    expect(requests('gpt-4o-mini-fail').at(-1)).toBe(1)
  })
})

describe('wrapFetchHandler', () => {
  it("pushes each request's call before its Response is returned, passing the Response and extra arguments on", async () => {
    const handler = wrapFetchHandler(async (request: Request, env: { tag: string }) => {
      const { prompt } = (await request.json()) as { prompt: string }
      const completion = await chat('gpt-4.1-nano')
      return Response.json({ text: completion.choices[0]!.message.content, prompt, tag: env.tag })
    })
    for (let n = 1; n <= 3; n++) {
      const before = receiver.exports.length
      const request = new Request('http://fn.local/chat', {
        method: 'POST',
        body: JSON.stringify({ prompt: `p${n}` }),
      })
      const response = await handler(request, { tag: 't' })
      expect(receiver.exports.length).toBe(before + 1)
      expect(requests('gpt-4.1-nano').at(-1)).toBe(n)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ text: 'Hello.', prompt: `p${n}`, tag: 't' })
    }
  })

  it('returns the Response of a handler that made no call, and a handler that throws synchronously rejects with its error', async () => {
    const response = new Response('plain')
    expect(await wrapFetchHandler(() => response)(new Request('http://fn.local/'))).toBe(response)
    const failure = new TypeError('bad request')
    await expect(
      wrapFetchHandler(() => {
        throw failure
      })(new Request('http://fn.local/')),
    ).rejects.toBe(failure)
  })
})

describe('a collector that never answers', () => {
  it('costs at most flushTimeoutMillis: the invocation resolves with its result and says so once', async () => {
    receiver.mode = 'hang'
    const refusedBefore = receiver.refused
    const result = { ok: true }
    const handler = wrapLambda(
      async () => {
        await chat('gpt-4o-mini')
        return result
      },
      { flushTimeoutMillis: 200 },
    )
    expect(await handler({}, {})).toBe(result)
    // The push was made (and is still hanging), and the wrapper gave up on it.
    expect(receiver.refused).toBe(refusedBefore + 1)
    expect(d.warnings('did not finish within 200 ms')).toHaveLength(1)
  })
})
