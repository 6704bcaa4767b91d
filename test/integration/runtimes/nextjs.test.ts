import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../support/child-app.js'
import { scrapeValue } from '../../support/scrape-value.js'
import { type FakeOpenAI, PLAIN_USAGE, STREAM_USAGE, startFakeOpenAI } from './fake-openai-server.js'

// examples/nextjs built with `next build` and served by `next start`, the way a user deploys it:
// the example is copied to a temp dir, llmeter is this repository packed by `npm pack` and
// unpacked into the copy's node_modules (what `npm install llmeter` gives), and every other
// package resolves from the repository's node_modules through a link one directory up.
// `next build` on two busy cores takes minutes, hence this file's own timeout.
const TIMEOUT = 420_000
const NEXT = join(ROOT, 'node_modules/next/dist/bin/next')

let dir: string
let openai: FakeOpenAI
let server: ChildProcess | undefined
let appUrl = ''
let metricsUrl = ''
let output = ''

/** Resolves with the first match of `pattern` in the server's output so far or to come. */
function waitForOutput(proc: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output)
      if (match) {
        proc.stdout!.off('data', check)
        proc.stderr!.off('data', check)
        resolve(match[1]!)
      }
    }
    proc.stdout!.on('data', check)
    proc.stderr!.on('data', check)
    proc.once('exit', (code) => reject(new Error(`next start exited (${code}):\n${output}`)))
    check()
  })
}

beforeAll(async () => {
  openai = await startFakeOpenAI()
  dir = mkdtempSync(join(tmpdir(), 'llmeter-nextjs-'))
  const app = join(dir, 'app')
  cpSync(join(ROOT, 'examples/nextjs'), app, {
    recursive: true,
    filter: (src) => !/[/\\](\.next|node_modules|next-env\.d\.ts)$/.test(src),
  })
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
  )[0].filename as string
  mkdirSync(join(app, 'node_modules/llmeter'), { recursive: true })
  execFileSync('tar', [
    '-xzf',
    join(dir, packed),
    '-C',
    join(app, 'node_modules/llmeter'),
    '--strip-components=1',
  ])
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))

  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  // Webpack, not Turbopack: see docs/nextjs.md ("Turbopack") for why the automatic path needs it.
  execFileSync(process.execPath, [NEXT, 'build', '--webpack'], { cwd: app, env, stdio: 'pipe' })

  server = spawn(process.execPath, [NEXT, 'start', '-p', '0', '-H', '127.0.0.1'], {
    cwd: app,
    env: {
      ...env,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      // At debug level llmeter says where its scrape server listens, which a port-0 test needs.
      OTEL_LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.on('data', (d) => {
    output += d
  })
  server.stderr!.on('data', (d) => {
    output += d
  })
  appUrl = await waitForOutput(server, /Local:\s+(http:\/\/\S+)/)
  metricsUrl = await waitForOutput(server, /llmeter serving metrics at (http:\/\/\S+)/)
}, TIMEOUT)

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = once(server, 'exit')
    server.kill('SIGTERM')
    await exited
  }
  await openai?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
}, TIMEOUT)

const post = async (path: string) => {
  const response = await fetch(`${appUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Say hello.' }),
  })
  return { status: response.status, text: await response.text() }
}

describe('a Next.js app (next build, next start) with llmeter started from instrumentation.ts', () => {
  it('answers both route handlers, and the /metrics route has the exact tokens of each call', async () => {
    expect(await post('/api/chat')).toEqual({ status: 200, text: '{"text":"Hello."}' })
    expect(await post('/api/stream')).toEqual({ status: 200, text: 'Hello.' })
    expect(openai.requests).toBe(2)

    // The app's own /metrics route (metricsFetchHandler) and llmeter's port serve the same scrape.
    const route = await fetch(`${appUrl}/metrics`)
    expect(route.status).toBe(200)
    const text = await route.text()
    const standalone = await (await fetch(metricsUrl)).text()
    const llmLines = (t: string) => t.split('\n').filter((l) => l.startsWith('llmeter_llm_tokens_total{'))
    expect(llmLines(standalone)).toEqual(llmLines(text))
    expect(llmLines(text)).toHaveLength(4)
    const value = (series: string) => scrapeValue(text, series)
    const call = (model: string) =>
      `gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${model}"`
    const tokens = (model: string, type: string) =>
      value(`llmeter_llm_tokens_total{${call(model)},gen_ai_token_type="${type}"}`)
    // The openai client's chat completion in app/api/chat/route.ts.
    expect(tokens('gpt-4o-mini', 'input')).toBe(PLAIN_USAGE.prompt_tokens)
    expect(tokens('gpt-4o-mini', 'output')).toBe(PLAIN_USAGE.completion_tokens)
    expect(value(`llmeter_llm_requests_total{${call('gpt-4o-mini')}}`)).toBe(1)
    // The AI SDK's streamText in app/api/stream/route.ts.
    expect(tokens('gpt-4.1-mini', 'input')).toBe(STREAM_USAGE.prompt_tokens)
    expect(tokens('gpt-4.1-mini', 'output')).toBe(STREAM_USAGE.completion_tokens)
    expect(value(`llmeter_llm_requests_total{${call('gpt-4.1-mini')}}`)).toBe(1)
    expect(value(`llmeter_llm_active_requests{${call('gpt-4.1-mini')}}`)).toBe(0)
  })
})
