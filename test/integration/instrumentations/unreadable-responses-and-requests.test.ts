// A 200 whose body is not JSON, and a request body JSON cannot encode: what the real clients throw
// for each, classified as `invalid_response` and `serialization`, and handed to the host unchanged.
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Anthropic, * as anthropicModule from '@anthropic-ai/sdk'
import OpenAI, * as openaiModule from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  patchAnthropicExports,
  unpatchAnthropicExports,
} from '../../../src/instrumentations/anthropic/patch.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'

let server: Server
let url: string
let requests = 0
let h: Harness

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"id": "x", "choices": [')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  patchOpenAIExports(openaiModule, defaultRecorder)
  patchAnthropicExports(anthropicModule, defaultRecorder)
})
afterAll(async () => {
  unpatchOpenAIExports(openaiModule)
  unpatchAnthropicExports(anthropicModule)
  server.close()
  await once(server, 'close')
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

const circular = () => {
  const message: Record<string, unknown> = { role: 'user', content: 'x' }
  message.self = message
  return message
}
const failed = (provider: string, model: string, type: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': provider,
  'gen_ai.request.model': model,
  'error.type': type,
})

describe('responses that do not parse and requests that cannot be encoded', () => {
  it('openai: a 200 with a broken body is invalid_response, with the same SyntaxError the host sees', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 })
    const error = await client.chat.completions.create({ model: 'broken', messages: [] }).catch((e) => e)
    expect(error).toBeInstanceOf(SyntaxError)
    expect(await h.value('llmeter.llm.requests', failed('openai', 'broken', 'invalid_response'))).toBe(1)
    const { 'error.type': _, ...call } = failed('openai', 'broken', 'invalid_response')
    expect(await h.value('llmeter.llm.active_requests', call)).toBe(0)
  })

  it('openai: a circular message is serialization, and nothing is sent', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 })
    const before = requests
    const error = await client.chat.completions
      .create({ model: 'circular', messages: [circular() as never] })
      .catch((e) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(requests).toBe(before)
    expect(await h.value('llmeter.llm.requests', failed('openai', 'circular', 'serialization'))).toBe(1)
  })

  it('anthropic: the same two cases', async () => {
    const client = new Anthropic({ apiKey: 'k', baseURL: url, maxRetries: 0 })
    const broken = await client.messages
      .create({ model: 'broken', max_tokens: 1, messages: [] })
      .catch((e) => e)
    expect(broken).toBeInstanceOf(SyntaxError)
    const big = await client.messages
      .create({ model: 'bigint', max_tokens: 1, messages: [{ role: 'user', content: 'x', n: 1n } as never] })
      .catch((e) => e)
    expect(big).toBeInstanceOf(TypeError)
    expect(await h.value('llmeter.llm.requests', failed('anthropic', 'broken', 'invalid_response'))).toBe(1)
    expect(await h.value('llmeter.llm.requests', failed('anthropic', 'bigint', 'serialization'))).toBe(1)
  })
})
