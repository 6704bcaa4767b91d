import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver.js'
import { type FakeOpenAI, PLAIN_USAGE, startFakeOpenAI } from './fake-openai-server.js'
import { counterIn, temporalityIn } from './otlp-points.js'

// A wrapped Lambda handler module run the way the Lambda runtime runs it: a process imports the
// module (llmeter from the built package, not started) and calls the exported handler once per
// event. OTLP settings come from the standard environment, with delta temporality, so each push
// must carry exactly the invocation that made it.
let openai: FakeOpenAI
let receiver: OtlpReceiver
let app: ChildApp

const HANDLER = 'test/integration/runtimes/serverless-handler.fixture.mjs'
const RUNTIME = 'test/integration/runtimes/serverless-runtime.fixture.mjs'

beforeAll(async () => {
  openai = await startFakeOpenAI()
  receiver = await startOtlpReceiver()
  app = await startChildApp([RUNTIME, HANDLER], {
    OPENAI_BASE_URL: openai.baseURL,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
    LLMETER_RUNTIME_METRICS: 'false',
    LLMETER_HTTP_METRICS: 'false',
  })
})
afterAll(async () => {
  await app?.stop('SIGKILL')
  await receiver?.close()
  await openai?.close()
})

/** Sends one event and resolves with the runtime's line for it. */
async function invoke(n: number, event: Record<string, unknown>): Promise<Record<string, unknown>> {
  app.proc.stdin!.write(`${JSON.stringify({ n, ...event })}\n`)
  await app.waitForOutput(`{"n":${n},`)
  const line = app
    .stdout()
    .split('\n')
    .find((l) => l.startsWith(`{"n":${n},`))
  return JSON.parse(line!)
}

const calls = (body: unknown, model: string) =>
  counterIn(body, 'llmeter.llm.requests', { 'gen_ai.request.model': model })

describe('a wrapped Lambda handler module, imported and invoked as the Lambda runtime does', () => {
  it('llmeter is not running until the first invocation', () => {
    expect(app.info).toEqual({ loaded: true, running: false })
    expect(receiver.exports).toHaveLength(0)
  })

  it("pushes each invocation's own call (delta) before the invocation settles, a failing one included", async () => {
    for (let n = 1; n <= 3; n++) {
      expect(await invoke(n, { model: 'gpt-4o-mini' })).toEqual({
        n,
        result: { statusCode: 200, body: 'Hello.', n },
      })
      expect(receiver.exports).toHaveLength(n)
      const push = receiver.exports[n - 1]
      expect(temporalityIn(push, 'llmeter.llm.requests')).toBe(1)
      expect(calls(push, 'gpt-4o-mini')).toBe(1)
      expect(
        counterIn(push, 'llmeter.llm.tokens', {
          'gen_ai.token.type': 'input',
          'gen_ai.request.model': 'gpt-4o-mini',
        }),
      ).toBe(PLAIN_USAGE.prompt_tokens)
      expect(
        counterIn(push, 'llmeter.llm.tokens', {
          'gen_ai.token.type': 'output',
          'gen_ai.request.model': 'gpt-4o-mini',
        }),
      ).toBe(PLAIN_USAGE.completion_tokens)
    }
    expect(await invoke(4, { model: 'gpt-4o', fail: true })).toEqual({ n: 4, error: 'failed after call 4' })
    expect(receiver.exports).toHaveLength(4)
    // Delta: the fourth push has the failing invocation's call and none of the three before.
    expect(calls(receiver.exports[3], 'gpt-4o')).toBe(1)
    expect(calls(receiver.exports[3], 'gpt-4o-mini') ?? 0).toBe(0)
    expect(openai.requests).toBe(4)
  })
})
