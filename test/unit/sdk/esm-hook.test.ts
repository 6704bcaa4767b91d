import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HOOKED_MODULES, installEsmHook } from '../../../src/sdk/esm-hook.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'

const INSTALLED = Symbol.for('llmeter.esm-hook')
const forgetInstall = () => {
  delete (globalThis as Record<symbol, unknown>)[INSTALLED]
}

let diag: DiagCapture
beforeEach(() => {
  forgetInstall()
  diag = captureDiag()
})
afterEach(() => {
  diag.stop()
  forgetInstall()
})

describe('installEsmHook', () => {
  it('registers import-in-the-middle once per process, for the patched modules only, then the alias hook', () => {
    const calls: unknown[][] = []
    const api = { register: (...args: unknown[]) => void calls.push(args) }
    installEsmHook(api)
    installEsmHook(api)
    expect(calls).toHaveLength(2)
    const [specifier, parentURL, options] = calls[0]!
    expect(specifier).toMatch(/^file:.*\/node_modules\/@opentelemetry\/instrumentation\/hook\.mjs$/)
    expect(String(parentURL)).toMatch(/^file:.*esm-hook\.(ts|js)$/)
    expect(options).toEqual({ data: { include: HOOKED_MODULES } })
    // Registered second so that it runs first; the sibling file exists under the name given.
    const [aliasHook, aliasParent, aliasOptions] = calls[1]!
    expect(existsSync(new URL(String(aliasHook), String(aliasParent)))).toBe(true)
    const { packages } = (aliasOptions as { data: { packages: string[] } }).data
    expect(packages).toEqual(
      expect.arrayContaining(['openai', '@anthropic-ai/sdk', 'ai', '@modelcontextprotocol/sdk']),
    )
    expect(packages).not.toContain('node:http')
    expect(packages).not.toContain('@modelcontextprotocol/sdk/client/index.js')
    expect(diag.warnings()).toEqual([])
  })

  it('says once that a runtime without module.register (Bun) gets no ESM patching', () => {
    installEsmHook({})
    installEsmHook({})
    expect(diag.warnings()).toEqual([
      'llmeter this runtime has no module.register(): clients loaded with import are not instrumented automatically; use instrument(client) or the AI SDK middleware',
    ])
  })

  it('reports a register() that throws, and does not throw', () => {
    const api = {
      register: () => {
        throw new Error('no loaders here')
      },
    }
    expect(() => installEsmHook(api)).not.toThrow()
    expect(diag.warnings('could not install the ESM loader hook')).toHaveLength(1)
  })
})
