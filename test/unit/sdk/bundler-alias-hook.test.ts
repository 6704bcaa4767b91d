import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initialize, resolve } from '../../../src/sdk/bundler-alias-hook.js'

// A Turbopack-shaped tree: the chunk in .next/server/chunks imports `openai-<hash>`, a link in
// .next/node_modules to the installed package (as `next build` lays it out).
let root: string
let chunk: string
let openaiDir: string
const HASH = '6cdafa1aaabb62e6'

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'llmeter-alias-')))
  openaiDir = join(root, 'node_modules/openai')
  mkdirSync(openaiDir, { recursive: true })
  writeFileSync(join(openaiDir, 'package.json'), '{"name":"openai","exports":{".":"./index.mjs"}}')
  const scoped = join(root, 'node_modules/@anthropic-ai/sdk')
  mkdirSync(scoped, { recursive: true })
  mkdirSync(join(root, 'app/.next/server/chunks'), { recursive: true })
  mkdirSync(join(root, 'app/.next/node_modules/@anthropic-ai'), { recursive: true })
  symlinkSync(openaiDir, join(root, `app/.next/node_modules/openai-${HASH}`))
  symlinkSync(scoped, join(root, `app/.next/node_modules/@anthropic-ai/sdk-${HASH}`))
  symlinkSync(openaiDir, join(root, `app/.next/node_modules/left-pad-${HASH}`))
  chunk = join(root, 'app/.next/server/chunks/route.js')
  initialize({ packages: ['openai', '@anthropic-ai/sdk'] })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Calls the hook and returns what it passed on to the next resolver. */
function passedOn(specifier: string, parentURL = pathToFileURL(chunk).href) {
  const calls: [string, { parentURL?: string; conditions?: string[] }][] = []
  resolve(specifier, { parentURL, conditions: ['node', 'import'] }, (s, c) => {
    calls.push([s, c])
    return undefined
  })
  expect(calls).toHaveLength(1)
  return { specifier: calls[0]![0], parentURL: calls[0]![1].parentURL, conditions: calls[0]![1].conditions }
}

describe('the bundler alias resolve hook', () => {
  it('resolves an alias of a patched package as the package, from inside the package the link points to', () => {
    expect(passedOn(`openai-${HASH}`)).toEqual({
      specifier: 'openai',
      parentURL: pathToFileURL(join(openaiDir, 'package.json')).href,
      conditions: ['node', 'import'],
    })
  })

  it('keeps the subpath, and handles scoped packages', () => {
    expect(passedOn(`openai-${HASH}/resources/index.mjs`).specifier).toBe('openai/resources/index.mjs')
    const scoped = passedOn(`@anthropic-ai/sdk-${HASH}`)
    expect(scoped.specifier).toBe('@anthropic-ai/sdk')
    expect(scoped.parentURL).toBe(
      pathToFileURL(join(root, 'node_modules/@anthropic-ai/sdk/package.json')).href,
    )
  })

  it('passes everything else through unchanged', () => {
    const parentURL = pathToFileURL(chunk).href
    // A package llmeter does not patch, even with a link.
    expect(passedOn(`left-pad-${HASH}`)).toMatchObject({ specifier: `left-pad-${HASH}`, parentURL })
    // A name that only looks like an alias: no link up the tree.
    expect(passedOn('openai-0123456789abcdef')).toMatchObject({
      specifier: 'openai-0123456789abcdef',
      parentURL,
    })
    // Not 16 hex digits, a plain name, a relative path, a non-file parent.
    expect(passedOn('openai-6cdafa1')).toMatchObject({ specifier: 'openai-6cdafa1', parentURL })
    expect(passedOn('openai')).toMatchObject({ specifier: 'openai', parentURL })
    expect(passedOn(`./openai-${HASH}`)).toMatchObject({ specifier: `./openai-${HASH}`, parentURL })
    // A file URL with a host, which fileURLToPath refuses on POSIX: never an error of the hook's.
    expect(passedOn(`openai-${HASH}`, 'file://server/share/route.js')).toMatchObject({
      specifier: `openai-${HASH}`,
      parentURL: 'file://server/share/route.js',
    })
    expect(passedOn(`openai-${HASH}`, 'data:text/javascript,')).toMatchObject({
      specifier: `openai-${HASH}`,
      parentURL: 'data:text/javascript,',
    })
  })
})
