// The same app on every runtime llmeter supports: Node 24 (the test's own), Node 22 (the low end of
// `engines`, installed by scripts/install-runtimes.sh), Bun and Deno (the `bun` and `deno`
// devDependencies). It uses start() and the explicit API only (instrument(client), the AI SDK
// middleware): openai and anthropic plain, streamed, abandoned and retried after a 429, and the AI SDK
// generateText and streamText, against the simulated provider. Every runtime must serve exactly the
// same LLM series.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/child-app.js'
import { startOtlpReceiver } from '../../support/otlp-receiver.js'

const APP = 'test/fixtures/apps/runtime-matrix.mjs'
const BIN = join(ROOT, 'node_modules', '.bin')
const NODE22 = join(ROOT, '.tmp/runtimes/node22/node_modules', `node-linux-${process.arch}`, 'bin/node')

const RUNTIMES: [string, string, string[]][] = [
  ['Node 24', process.execPath, []],
  ['Node 22', NODE22, []],
  ['Bun', join(BIN, 'bun'), []],
  ['Deno', join(BIN, 'deno'), ['run', '--allow-all']],
]

/** Runs the app; resolves with the series it printed. Bounded: the child is killed after 120 s. */
function run<T = string[]>(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  app = APP,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, app], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} exited ${code}: ${err.slice(-2000)}`))
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '[]') as T)
    })
  })
}

const call = (provider: string, model: string) =>
  `gen_ai_operation_name="chat",gen_ai_provider_name="${provider}",gen_ai_request_model="${model}"`

// What each runtime must serve (a few of the 38 series; all 38 must be equal across runtimes).
const EXPECTED = [
  `llmeter_llm_requests_total{${call('openai', 'gpt-4o-mini')},llmeter_request_stream="false"} 2`,
  `llmeter_llm_requests_total{${call('openai', 'gpt-4o-mini')},llmeter_request_stream="true"} 1`,
  `llmeter_llm_requests_total{${call('openai', 'gpt-4o-mini')},error_type="cancelled",llmeter_request_stream="true"} 1`,
  `llmeter_llm_tokens_total{${call('openai', 'gpt-4o-mini')},gen_ai_token_type="input"} 390`,
  `llmeter_llm_tokens_total{${call('openai', 'gpt-4o-mini')},gen_ai_token_type="output"} 60`,
  `llmeter_llm_rate_limits_total{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",server_address="127.0.0.1"} 1`,
  `llmeter_llm_retries_total{gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4-6",server_address="127.0.0.1",llmeter_retry_reason="rate_limit"} 1`,
  `llmeter_llm_requests_total{${call('anthropic', 'claude-sonnet-4-6')},error_type="cancelled",llmeter_request_stream="true"} 1`,
  `llmeter_llm_tokens_total{${call('anthropic', 'claude-sonnet-4-6')},gen_ai_token_type="cache_read"} 90`,
  `llmeter_llm_active_requests{${call('anthropic', 'claude-sonnet-4-6')}} 0`,
  `llmeter_llm_active_requests{${call('openai', 'gpt-4o-mini')}} 0`,
  `llmeter_llm_requests_total{${call('openai', 'gpt-4.1-mini')},llmeter_request_stream="true"} 1`,
  `llmeter_llm_tokens_total{${call('openai', 'gpt-4.1-mini')},gen_ai_token_type="output"} 40`,
]

describe('the same app with start() and instrument() on every runtime', () => {
  it('has the runtimes it runs on', () => {
    expect(existsSync(NODE22), 'run scripts/install-runtimes.sh').toBe(true)
    expect(execFileSync(NODE22, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^v22\./)
    expect(existsSync(join(BIN, 'bun')) && existsSync(join(BIN, 'deno'))).toBe(true)
  })

  it('serves identical LLM series on Node 24, Node 22, Bun and Deno, and pushes them over OTLP', {
    timeout: 480_000,
  }, async () => {
    const served = new Map<string, string[]>()
    const pushed = new Map<string, number | undefined>()
    // One at a time: each runtime's start-up is CPU-bound and the machine may have two cores.
    for (const [name, command, args] of RUNTIMES) {
      const receiver = await startOtlpReceiver()
      try {
        served.set(name, await run(command, args, { OTLP_URL: receiver.url }))
        pushed.set(name, receiver.latestSum('llmeter.llm.requests'))
      } finally {
        await receiver.close()
      }
    }
    // The OTLP push carries the same calls: 4 openai, 4 anthropic and 2 AI SDK ones.
    for (const [name] of RUNTIMES) expect(pushed.get(name), name).toBe(10)
    const node = served.get('Node 24')!
    expect(node.length).toBe(38)
    for (const line of EXPECTED) expect(node, line).toContain(line)
    for (const [name, lines] of served) expect(lines, name).toEqual(node)
  })
})

describe('the preload entry where there are no loader hooks, against the register entry on Node', () => {
  const tool =
    'mcp_protocol_version="2025-11-25",mcp_method_name="tools/call",gen_ai_tool_name="lookup",gen_ai_operation_name="execute_tool"'
  const http = (method: string, status: number) =>
    `http_server_request_duration_seconds_count{http_request_method="${method}",url_scheme="http",network_protocol_version="1.1",http_response_status_code="${status}"}`
  const expected = [
    // The app's own node:http server (two GETs answered 200, one 404) and the simulated provider's,
    // in the same process (the openai call's POST).
    `${http('POST', 200)} 1`,
    `${http('GET', 200)} 2`,
    `${http('GET', 404)} 1`,
    // The MCP tool call, on both sides: the SDK's classes come from subpath files the eager loader loads by path.
    `mcp_client_operation_duration_seconds_count{${tool}} 1`,
    `mcp_server_operation_duration_seconds_count{${tool}} 1`,
    `llmeter_llm_requests_total{${call('openai', 'gpt-4o-mini')},llmeter_request_stream="false"} 1`,
    `llmeter_llm_tokens_total{${call('openai', 'gpt-4o-mini')},gen_ai_token_type="input"} 100`,
    `llmeter_llm_tokens_total{${call('openai', 'gpt-4o-mini')},gen_ai_token_type="output"} 20`,
  ]
  const preload = (command: string, args: string[]) =>
    new Promise<{ lines: string[]; output: string }>((resolve, reject) => {
      const child = spawn(command, [...args, 'test/fixtures/apps/runtime-preload.mjs'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          NO_COLOR: '1',
          OTEL_EXPORTER_PROMETHEUS_PORT: '0',
          OTEL_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => (out += d))
      child.stderr.on('data', (d) => (err += d))
      child.on('error', reject)
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`${command} exited ${code}: ${err.slice(-2000)}`))
        else resolve({ lines: JSON.parse(out.trim().split('\n').pop() ?? '[]'), output: out + err })
      })
    })

  it.each([
    ['Node 24', process.execPath, ['--import', 'llmeter/register']],
    ['Bun', join(BIN, 'bun'), ['--preload', 'llmeter/register']],
    ['Deno', join(BIN, 'deno'), ['run', '--allow-all', '--preload', './dist/register-eager.js']],
  ])(
    '%s: records the openai client, the MCP SDK and the node:http server the app imports, quietly',
    { timeout: 180_000 },
    async (name, command, args) => {
      // diag's console logger writes info to stdout on these runtimes, so both streams are read.
      const { lines, output } = await preload(command, args)
      expect(lines).toEqual(expected)
      // Nothing but llmeter's own lines and OTel's registration notes reaches the console: no
      // warning from a patch or an unpatch (the shutdown included).
      expect(output).not.toMatch(/unwrap|deprecated|could not/)
      if (name === 'Node 24') return
      const said = output.split('\n').filter((l) => l.includes('has no module loader hooks'))
      expect(said.length).toBe(1)
      expect(said[0]!.startsWith(`llmeter ${name} has no module loader hooks: `)).toBe(true)
      const patched = said[0]!.match(/loaded and patched (.*) when it started;/)?.[1]?.split(', ')
      expect(patched).toEqual(
        expect.arrayContaining([
          'openai',
          '@anthropic-ai/sdk',
          'ai',
          '@google/genai',
          '@modelcontextprotocol/sdk',
        ]),
      )
    },
  )
})

describe('an app that owns its MeterProvider, on every runtime', () => {
  // Its own reader (in-memory, cumulative) and llmeter's Views; start({ meterProvider }) and
  // instrument(client): a plain and a streamed call of 100 input and 20 output tokens each.
  const labels = 'gen_ai.operation.name=chat,gen_ai.provider.name=openai,gen_ai.request.model=gpt-4o-mini'
  const expected = [
    `gen_ai.client.token.usage{${labels},gen_ai.response.model=gpt-4o-mini,gen_ai.token.type=input} count=2 sum=200`,
    `gen_ai.client.token.usage{${labels},gen_ai.response.model=gpt-4o-mini,gen_ai.token.type=output} count=2 sum=40`,
    `llmeter.llm.requests{${labels},llmeter.request.stream=false} 1`,
    `llmeter.llm.requests{${labels},llmeter.request.stream=true} 1`,
    `llmeter.llm.tokens{${labels},gen_ai.token.type=input} 200`,
    `llmeter.llm.tokens{${labels},gen_ai.token.type=output} 40`,
  ]
  it.each(RUNTIMES)(
    "%s: records into the app's reader, and shutdown() leaves the app's provider working",
    { timeout: 180_000 },
    async (_, command, args) => {
      const result = await run<{ recorded: string[]; providerWorksAfterShutdown: boolean }>(
        command,
        args,
        {},
        'test/fixtures/apps/runtime-owned-provider.mjs',
      )
      expect(result).toEqual({ recorded: expected, providerWorksAfterShutdown: true })
    },
  )
})
