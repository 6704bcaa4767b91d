/**
 * The ES-module loader hook: import-in-the-middle (through `@opentelemetry/instrumentation`'s
 * `hook.mjs`), which lets the instrumentations patch modules an app loads with `import`. The
 * CommonJS hook (require-in-the-middle) needs nothing installed, but an `import` only reaches a
 * patch through a hook registered before it. Installed once per process by whichever comes first:
 * the register entry (before the app's own modules load) or `start()` (for modules the app
 * imports after it). Restricted to the modules llmeter patches, so every other import loads as
 * fast as without it. A second, small resolve hook (bundler-alias-hook.ts) lets a bundler's alias
 * of one of those packages (Turbopack's `openai-<hash>`) reach the patch under the package's name.
 *
 * @module
 */
import * as nodeModule from 'node:module'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { log } from '../internal/diag.js'
import type { AliasHookData } from './bundler-alias-hook.js'

/**
 * Modules the instrumentations patch; only these go through the hook. Strings match an import
 * specifier exactly; the RegExp matches the file LangChain's own modules import by relative path.
 */
export const HOOKED_MODULES: (string | RegExp)[] = [
  /@langchain\/core\/dist\/callbacks\/manager\.js$/,
  /@modelcontextprotocol\/sdk\/dist\/esm\/(client|server)\/index\.js$/,
  'http',
  'node:http',
  'https',
  'node:https',
  'express',
  'fastify',
  'openai',
  '@anthropic-ai/sdk',
  'ai',
  '@langchain/core',
  'ollama',
  'groq-sdk',
  '@mistralai/mistralai',
  'cohere-ai',
  '@google/genai',
  '@pinecone-database/pinecone',
  'chromadb',
  '@qdrant/js-client-rest',
  '@aws-sdk/client-bedrock-runtime',
  '@modelcontextprotocol/client',
  '@modelcontextprotocol/sdk/client/index.js',
  '@modelcontextprotocol/sdk/server/index.js',
  '@openai/agents',
  '@openai/agents-core',
  '@openai/agents-openai',
]

// The alias hook is this module's sibling, with this module's extension: `.js` in the published
// build, `.ts` when the sources run directly (the test suite). Written as `new URL(literal,
// import.meta.url)`, which file tracers (Next's standalone output) recognise and copy.
const ALIAS_HOOK = import.meta.url.endsWith('.ts')
  ? new URL('./bundler-alias-hook.ts', import.meta.url)
  : new URL('./bundler-alias-hook.js', import.meta.url)

/** The package part of each hooked specifier: `@modelcontextprotocol/sdk/client/index.js` is `@modelcontextprotocol/sdk`. */
function hookedPackages(): string[] {
  const names = new Set<string>()
  for (const each of HOOKED_MODULES) {
    if (typeof each !== 'string' || each.includes(':')) continue
    const parts = each.split('/')
    names.add(each.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!)
  }
  return [...names]
}

/** The part of `node:module` this needs: `register` exists on Node >= 20.6 (not on Bun). */
interface ModuleApi {
  register?: (specifier: string, parentURL: string, options: { data: unknown }) => void
}

// On globalThis rather than in this module: the hook is per process, and a registered hook
// cannot be taken back, so a second registration (a second copy of llmeter, or the register
// entry and then `start()`) must see the first. import-in-the-middle warns on stderr when it is
// initialised twice.
const INSTALLED = Symbol.for('llmeter.esm-hook')

/**
 * Installs the ESM loader hook, once per process; later calls do nothing. Where the runtime has no
 * `module.register`, says so once (diag) and modules imported as ES modules stay unpatched. Never
 * throws.
 *
 * @example
 * installEsmHook()
 * const { default: OpenAI } = await import('openai') // patched
 */
export function installEsmHook(api: ModuleApi = nodeModule): void {
  const state = globalThis as { [INSTALLED]?: true }
  if (state[INSTALLED]) return
  state[INSTALLED] = true
  if (typeof api.register !== 'function') {
    log.warn(
      'this runtime has no module.register(): clients loaded with import are not instrumented automatically; use instrument(client) or the AI SDK middleware',
    )
    return
  }
  try {
    // Found with a require.resolve of the literal name rather than left to register(): file
    // tracers (Next's `output: 'standalone'`, @vercel/nft) follow a require.resolve and copy the
    // hook's files; a specifier that only register() reads they leave out, and the deployed app
    // then has no hook.
    const require = createRequire(import.meta.url)
    const hook = require.resolve('@opentelemetry/instrumentation/hook.mjs')
    api.register(pathToFileURL(hook).href, import.meta.url, {
      data: { include: HOOKED_MODULES },
    })
    // After import-in-the-middle, so it runs first: hooks chain last-registered first.
    const data: AliasHookData = { packages: hookedPackages() }
    api.register(ALIAS_HOOK.href, import.meta.url, { data })
  } catch (err) {
    log.warn('could not install the ESM loader hook; modules imported as ESM will not be instrumented', err)
  }
}
