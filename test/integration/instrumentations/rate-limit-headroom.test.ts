import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { createHarness, type Harness } from '../../support/harness.js'

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
}
const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'hi' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 5, output_tokens: 1 },
}

describe('rate-limit headroom from response headers', () => {
  let server: Server
  let url = ''
  let h: Harness
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        if (req.url?.includes('/messages')) {
          res.writeHead(200, {
            'content-type': 'application/json',
            'anthropic-ratelimit-requests-limit': '50',
            'anthropic-ratelimit-requests-remaining': '49',
            'anthropic-ratelimit-input-tokens-limit': '30000',
            'anthropic-ratelimit-input-tokens-remaining': '29995',
            'anthropic-ratelimit-output-tokens-remaining': 'not-a-number',
          })
          res.end(JSON.stringify(message))
          return
        }
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '42',
          'x-ratelimit-limit-tokens': '200000',
          'x-ratelimit-remaining-tokens': '199994',
        })
        res.end(JSON.stringify(completion))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  afterEach(() => h.close())

  it('records remaining and limit per kind, last value wins, for openai and anthropic', async () => {
    h = createHarness()
    const openai = instrument(new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0 }))
    const anthropic = instrument(new Anthropic({ baseURL: url, apiKey: 'k', maxRetries: 0 }))
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
    await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    })
    const o = {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
    }
    const a = {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'server.address': '127.0.0.1',
    }
    const remaining = (attrs: object, kind: string) =>
      h.value('llmeter.llm.rate_limit.remaining', { ...attrs, 'llmeter.rate_limit.kind': kind })
    const limit = (attrs: object, kind: string) =>
      h.value('llmeter.llm.rate_limit.limit', { ...attrs, 'llmeter.rate_limit.kind': kind })
    expect(await remaining(o, 'requests')).toBe(42)
    expect(await limit(o, 'requests')).toBe(500)
    expect(await remaining(o, 'tokens')).toBe(199994)
    expect(await limit(o, 'tokens')).toBe(200000)
    expect(await remaining(a, 'requests')).toBe(49)
    expect(await limit(a, 'requests')).toBe(50)
    expect(await remaining(a, 'input_tokens')).toBe(29995)
    expect(await limit(a, 'input_tokens')).toBe(30000)
    // A header that is not a number is dropped.
    expect(await remaining(a, 'output_tokens')).toBeUndefined()
  })
})
