/**
 * The shared set-up of the in-process Bedrock tests: a wire-format server, one explicitly
 * instrumented client (its first request, which teaches it its server address, made before the
 * tests), a fresh metrics harness per test, and helpers naming the series the tests read.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { instrument } from '../../src/instrumentations/instrument.js'
import { type BedrockServer, converseReply, startBedrockServer } from './bedrock-server.js'
import { createHarness, type Harness } from './harness.js'

process.env.AWS_EC2_METADATA_DISABLED = 'true'
/** AWS's documented example keys: the local server checks no signature. */
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

export const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0'
export const NOVA = 'amazon.nova-lite-v1:0'
export const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }]

export interface BedrockFixture {
  server: BedrockServer
  client: BedrockRuntimeClient
  h: Harness
  base(model: string, operation?: string): Record<string, string>
  full(model: string): Record<string, string | number>
  attempt(model: string): Record<string, string>
  tokens(model: string, type: string): Promise<number | undefined>
  cost(model: string, type: string): Promise<number | undefined>
  failed(model: string, type: string): Promise<number | undefined>
  newClient(maxAttempts?: number): BedrockRuntimeClient
}

/** Registers the hooks of one test file and returns its fixture (fields set once the hooks ran). */
export function bedrockFixture(): BedrockFixture {
  const f: BedrockFixture = {
    server: undefined as unknown as BedrockServer,
    client: undefined as unknown as BedrockRuntimeClient,
    h: undefined as unknown as Harness,
    base: (model: string, operation = 'chat') => ({
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': model,
    }),
    full: (model: string) => ({
      ...f.base(model),
      'server.address': '127.0.0.1',
      'server.port': f.server.port,
    }),
    attempt: (model: string) => ({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': model,
      'server.address': '127.0.0.1',
    }),
    tokens: (model: string, type: string) =>
      f.h.value('llmeter.llm.tokens', { ...f.base(model), 'gen_ai.token.type': type }),
    cost: (model: string, type: string) =>
      f.h.value('llmeter.llm.cost', { ...f.base(model), 'llmeter.cost.type': type }),
    failed: (model: string, type: string) =>
      f.h.value('llmeter.llm.requests', { ...f.base(model), 'error.type': type }),
    newClient: (maxAttempts = 3) =>
      new BedrockRuntimeClient({ region: 'us-east-1', endpoint: f.server.url, credentials, maxAttempts }),
  }
  beforeAll(async () => {
    f.server = await startBedrockServer()
    f.client = instrument(f.newClient())
    f.server.reply(converseReply({ inputTokens: 1, outputTokens: 1 }))
    await f.client.send(new ConverseCommand({ modelId: 'warm-up', messages }))
  })
  afterAll(async () => {
    f.client.destroy()
    await f.server.close()
  })
  beforeEach(() => {
    f.h = createHarness()
  })
  afterEach(async () => {
    await f.h.close()
  })
  return f
}

/** Every event of a stream, read to its end. */
export async function readAll<T>(stream: AsyncIterable<T> | undefined): Promise<T[]> {
  const events: T[] = []
  for await (const event of stream!) events.push(event)
  return events
}

/** A JSON body or chunk as the SDK hands it over (bytes), parsed. */
export const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes))
