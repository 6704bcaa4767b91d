import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../support/child-app.js'
import { scrapeValue } from '../../support/scrape-value.js'
import { type FakeOpenAI, PLAIN_USAGE, STREAM_USAGE, startFakeOpenAI } from './fake-openai-server.js'

// examples/nextjs built with `next build` and served by `next start`, the way a user deploys it,
// with Turbopack and with webpack, on Next 16 (the devDependency) and on Next 15.5 (the low end,
// installed into .tmp/next15 by scripts/install-runtimes.sh); and once with `output: 'standalone'`,
// served by the server.js Next writes for a container, which holds only the files Next traced.
// Each build copies the example into a directory whose node_modules up the tree hold that Next
// first and the repository's packages after (inside the workspace root Turbopack requires), with
// llmeter installed from this repository's `npm pack` tarball in the copy's own node_modules (what
// `npm install llmeter` gives). Six builds on two busy cores take minutes, hence this file's own
// timeout.
const TIMEOUT = 420_000
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEXT_TELEMETRY_DISABLED: '1' }
const NEXT15 = join(ROOT, '.tmp/next15')

interface Build {
  next: string
  /** Where the copies go: below it, `node_modules/next` is the Next under test. */
  home: string
  flags: string[]
  /** Built with `output: 'standalone'` and served by the `server.js` it writes, as in a container. */
  standalone?: boolean
}
const BUILDS: [string, Build][] = [
  ['Next 16 with Turbopack', { next: '16', home: join(ROOT, '.tmp'), flags: [] }],
  ['Next 16 with webpack', { next: '16', home: join(ROOT, '.tmp'), flags: ['--webpack'] }],
  ['Next 15.5 with webpack', { next: '15.5', home: NEXT15, flags: [] }],
  ['Next 15.5 with Turbopack', { next: '15.5', home: NEXT15, flags: ['--turbopack'] }],
  [
    'Next 16 with Turbopack, output: standalone, served by its server.js',
    { next: '16', home: join(ROOT, '.tmp'), flags: [], standalone: true },
  ],
  [
    'Next 16 with webpack, output: standalone, served by its server.js',
    { next: '16', home: join(ROOT, '.tmp'), flags: ['--webpack'], standalone: true },
  ],
]

const dirs: string[] = []
let packed: string

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, '.tmp', 'nextjs-pack-'))
  dirs.push(dir)
  const name = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
  )[0].filename as string
  packed = join(dir, name)
}, TIMEOUT)

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** The Next a build under `home` resolves: the first `node_modules/next` up from it. */
function nextDir(home: string): string {
  return join(home === NEXT15 ? NEXT15 : ROOT, 'node_modules/next')
}
const nextBin = (home: string) => join(nextDir(home), 'dist/bin/next')

/** A copy of the example under `home`, with llmeter installed from the packed tarball, built. */
function buildExample(home: string, flags: string[], standalone = false): string {
  const dir = mkdtempSync(join(home, 'nextjs-'))
  dirs.push(dir)
  const app = join(dir, 'app')
  cpSync(join(ROOT, 'examples/nextjs'), app, {
    recursive: true,
    filter: (src) => !/[/\\](\.next|node_modules|next-env\.d\.ts)$/.test(src),
  })
  mkdirSync(join(app, 'node_modules/llmeter'), { recursive: true })
  execFileSync('tar', ['-xzf', packed, '-C', join(app, 'node_modules/llmeter'), '--strip-components=1'])
  if (standalone) {
    const config = join(app, 'next.config.mjs')
    const text = readFileSync(config, 'utf8')
    writeFileSync(
      config,
      text.replace('const nextConfig = {', "const nextConfig = {\n  output: 'standalone',"),
    )
  }
  execFileSync(process.execPath, [nextBin(home), 'build', ...flags], { cwd: app, env: ENV, stdio: 'pipe' })
  return app
}

/**
 * The `server.js` of a standalone build: Next writes it under `.next/standalone` at the app's path
 * relative to the workspace root it traced from (the repository here).
 */
function standaloneServer(app: string): string {
  return join(app, '.next/standalone', relative(ROOT, app), 'server.js')
}

/** A port nothing listens on (the standalone server reads its port from PORT, where 0 means 3000). */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/** Resolves with the first match of `pattern` in `output()` so far or to come. */
function waitForOutput(proc: ChildProcess, output: () => string, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output())
      if (match) {
        proc.stdout!.off('data', check)
        proc.stderr!.off('data', check)
        resolve(match[1]!)
      }
    }
    proc.stdout!.on('data', check)
    proc.stderr!.on('data', check)
    proc.once('exit', (code) => reject(new Error(`next start exited (${code}):\n${output()}`)))
    check()
  })
}

const call = (model: string) =>
  `gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="${model}"`

describe.each(BUILDS)('a Next.js app, %s, llmeter started from instrumentation.ts', (_, build) => {
  let openai: FakeOpenAI
  let server: ChildProcess | undefined
  let app = ''
  let appUrl = ''
  let metricsUrl = ''
  let output = ''

  beforeAll(async () => {
    // Next 15.5 comes from scripts/install-runtimes.sh (npm run test:all runs it).
    expect(existsSync(nextBin(build.home)), 'run bash scripts/install-runtimes.sh').toBe(true)
    const installed = JSON.parse(readFileSync(join(nextDir(build.home), 'package.json'), 'utf8'))
    expect(installed.version.startsWith(`${build.next}.`)).toBe(true)
    openai = await startFakeOpenAI()
    app = buildExample(build.home, build.flags, build.standalone)
    const command = build.standalone
      ? [standaloneServer(app)]
      : [nextBin(build.home), 'start', '-p', '0', '-H', '127.0.0.1']
    const port = build.standalone ? { PORT: String(await freePort()), HOSTNAME: '127.0.0.1' } : {}
    server = spawn(process.execPath, command, {
      cwd: build.standalone ? dirname(command[0]!) : app,
      env: {
        ...ENV,
        ...port,
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
    appUrl = await waitForOutput(server, () => output, /Local:\s+(http:\/\/\S+)/)
    metricsUrl = await waitForOutput(server, () => output, /llmeter serving metrics at (http:\/\/\S+)/)
  }, TIMEOUT)

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit')
      server.kill('SIGTERM')
      await exited
    }
    await openai?.close()
  }, TIMEOUT)

  const post = async (path: string) => {
    const response = await fetch(`${appUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Say hello.' }),
    })
    return { status: response.status, text: await response.text() }
  }

  /** The scrape from the app's own /metrics route, checked to match llmeter's port for LLM series. */
  const scrape = async () => {
    const route = await fetch(`${appUrl}/metrics`)
    expect(route.status).toBe(200)
    const text = await route.text()
    const standalone = await (await fetch(metricsUrl)).text()
    const llmLines = (t: string) => t.split('\n').filter((l) => l.startsWith('llmeter_llm_tokens_total{'))
    expect(llmLines(standalone)).toEqual(llmLines(text))
    return (series: string) => scrapeValue(text, series)
  }

  it('answers both route handlers, and the /metrics route has the exact tokens of each call', async () => {
    expect(await post('/api/chat')).toEqual({ status: 200, text: '{"text":"Hello."}' })
    expect(await post('/api/stream')).toEqual({ status: 200, text: 'Hello.' })
    expect(openai.requests).toBe(2)
    // Every hook file was there to load (a standalone build has only the files Next traced).
    expect(output).not.toMatch(/could not install|Cannot find module/)

    const value = await scrape()
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

  it('records the server component rendering the page and the server action the page calls', async () => {
    const before = openai.requests
    const page = await fetch(`${appUrl}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<p>Hello.</p>')
    // The action as the browser calls it: a POST to the page naming the action, the arguments
    // as JSON, the answer as a React Server Components payload.
    const manifest = JSON.parse(
      readFileSync(join(app, '.next/server/server-reference-manifest.json'), 'utf8'),
    )
    const actions = Object.keys(manifest.node as Record<string, unknown>)
    expect(actions).toHaveLength(1)
    const action = await fetch(`${appUrl}/`, {
      method: 'POST',
      headers: {
        'next-action': actions[0]!,
        'content-type': 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
      },
      body: JSON.stringify(['Say hello.']),
    })
    expect(action.status).toBe(200)
    expect(await action.text()).toContain('"Hello."')
    // One upstream call each: the action's answer carries no page render.
    expect(openai.requests - before).toBe(2)

    const value = await scrape()
    const tokens = (model: string, type: string) =>
      value(`llmeter_llm_tokens_total{${call(model)},gen_ai_token_type="${type}"}`)
    // The openai client in the server component (app/page.tsx).
    expect(tokens('gpt-4o', 'input')).toBe(PLAIN_USAGE.prompt_tokens)
    expect(tokens('gpt-4o', 'output')).toBe(PLAIN_USAGE.completion_tokens)
    expect(value(`llmeter_llm_requests_total{${call('gpt-4o')}}`)).toBe(1)
    // The AI SDK's generateText in the server action (app/actions.ts).
    expect(tokens('gpt-4.1', 'input')).toBe(PLAIN_USAGE.prompt_tokens)
    expect(tokens('gpt-4.1', 'output')).toBe(PLAIN_USAGE.completion_tokens)
    expect(value(`llmeter_llm_requests_total{${call('gpt-4.1')}}`)).toBe(1)
  })
})
