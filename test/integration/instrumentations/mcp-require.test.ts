// MCP in a CommonJS app under `node --require llmeter/register`: the SDK's CommonJS build (which
// the shared require hook cannot tell apart, see McpInstrumentation.enable) is patched, client and
// server side.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/child-app.js'

const run = promisify(execFile)

describe('a CommonJS MCP app under --require llmeter/register', () => {
  it('records the tool call on both sides and both sessions', { timeout: 60_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      ['--require', 'llmeter/register', 'test/fixtures/apps/mcp-commonjs.cjs'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        },
        timeout: 60_000,
      },
    )
    const lines = JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as string[]
    const call =
      'mcp_protocol_version="2025-11-25",mcp_method_name="tools/call",gen_ai_tool_name="lookup",gen_ai_operation_name="execute_tool"'
    expect(lines).toContain(`mcp_client_operation_duration_seconds_count{${call}} 1`)
    expect(lines).toContain(`mcp_server_operation_duration_seconds_count{${call}} 1`)
    const sessions = (side: string) =>
      lines
        .filter((l) => l.startsWith(`mcp_${side}_session_duration_seconds_count`))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0)
    expect(sessions('client')).toBe(1)
    expect(sessions('server')).toBe(1)
  })
})
