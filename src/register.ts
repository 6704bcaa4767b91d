/**
 * The zero-code entry: `node --import llmeter/register app.js` (ESM) or
 * `node --require llmeter/register app.js` (CommonJS, through Node's require(esm)). It installs the
 * ESM loader hook that lets instrumentations patch modules the app imports, then starts llmeter
 * from the standard OTel environment variables and the `LLMETER_*` ones.
 *
 * @module
 */
import * as workerThreads from 'node:worker_threads'
import { runtimeWithoutLoaderHooks } from './internal/runtime.js'
import { setupDiagFromEnv } from './sdk/diag-setup.js'
import { installEsmHook } from './sdk/esm-hook.js'
import { start } from './sdk/start.js'

// Node runs `--require` preloads in its loader-hooks thread too, once a hook is registered. There
// this entry must do nothing: it would initialise import-in-the-middle a second time (which prints
// a warning on stderr) and start a second llmeter, with its own scrape server, in that thread.
if (workerThreads.isInternalThread !== true) {
  // Diagnostics first, so a failure to install the hook below is reported.
  setupDiagFromEnv()
  // Bun and Deno cannot hook module loading: start() patches the client packages itself there.
  if (!runtimeWithoutLoaderHooks()) installEsmHook()
  start().catch(() => {})
}
