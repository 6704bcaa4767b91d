import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { METER_NAME, VERSION } from '../../src/version.js'

// The meter's scope name and version come from package.json; read it here on our own, so a
// version typed by hand in src/version.ts (or a wrong path to the manifest) fails.
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

describe('src/version.ts', () => {
  it('exports the version in package.json', () => {
    expect(VERSION).toBe(manifest.version)
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/)
  })

  it('exports the package name as the meter name', () => {
    expect(METER_NAME).toBe(manifest.name)
    expect(METER_NAME).toBe('llmeter')
  })
})
