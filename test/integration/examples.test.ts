import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/child-app.js'

// The examples in docs/instrumentations.md run as documented and record their calls.
describe('examples', () => {
  it.each([
    // Each example makes one plain and one streamed call.
    [
      'examples/openai/main.js',
      'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",llmeter_request_stream="false"} 1',
    ],
    [
      'examples/anthropic/main.js',
      'gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4-6",llmeter_request_stream="false"} 1',
    ],
  ])('%s', (file, expected) => {
    const r = spawnSync(process.execPath, ['--import', 'llmeter/register', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
      timeout: 30_000,
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('answer: This is a simulated answer')
    expect(r.stdout).toContain(`llmeter_llm_requests_total{gen_ai_operation_name="chat",${expected}`)
    expect(r.stdout).toContain(
      `llmeter_llm_requests_total{gen_ai_operation_name="chat",${expected.replace('stream="false"', 'stream="true"')}`,
    )
  })
})
