import { afterEach, describe, expect, it } from 'vitest'
import { createUnknownModelWarner } from '../../../src/pricing/index.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'

describe('unknown model warnings', () => {
  let capture: DiagCapture | undefined
  afterEach(() => capture?.stop())

  it('warns once per provider and model through diag', () => {
    capture = captureDiag()
    const warn = createUnknownModelWarner()
    expect(warn('openai', 'gpt-9')).toBe(true)
    expect(warn('openai', 'gpt-9')).toBe(false)
    expect(warn('azure.ai.openai', 'gpt-9')).toBe(true)
    expect(warn('openai', 'gpt-10')).toBe(true)
    const lines = capture.warnings('no price known')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toContain('no price known for openai model "gpt-9"')
    expect(lines[0]).toContain('LLMETER_PRICES_FILE')
  })
})
