/**
 * The zero-code entry: `node --import llmeter/register app.js` (ESM) or
 * `node --require llmeter/register app.js` (CommonJS, through Node's require(esm)). It installs the
 * ESM loader hook that lets instrumentations patch modules the app imports, then starts llmeter
 * from the standard OTel environment variables and the `LLMETER_*` ones.
 *
 * @module
 */
import { register } from 'node:module'
import { log } from './internal/diag.js'
import { setupDiagFromEnv } from './sdk/diag-setup.js'
import { start } from './sdk/start.js'

/**
 * Modules the instrumentations patch; only these go through the ESM hook, to keep loading fast.
 * Strings match an import specifier exactly; the RegExp matches the file LangChain's own modules
 * import by relative path.
 */
export const HOOKED_MODULES: (string | RegExp)[] = [
  /@langchain\/core\/dist\/callbacks\/manager\.js$/,
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
]

// Diagnostics first, so a failure to install the hook below is reported.
setupDiagFromEnv()

try {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: HOOKED_MODULES },
  })
} catch (err) {
  log.warn('could not install the ESM loader hook; modules imported as ESM will not be instrumented', err)
}

start().catch(() => {})
