/**
 * The zero-code entry on runtimes without module loader hooks (Bun, Deno): `bun --preload
 * llmeter/register app.js` and `deno run --preload npm:llmeter/register app.js` resolve here through
 * the `bun` and `deno` conditions of the exports map. Without hooks, `start()` loads and patches
 * the client packages itself (sdk/eager-patch.ts); this entry waits for that with a top-level
 * `await`, which those runtimes' preloads honour, so the app's first call is already measured.
 * Node keeps `register.ts`: a top-level await would make it unloadable with `--require`.
 *
 * @module
 */
import { setupDiagFromEnv } from './sdk/diag-setup.js'
import { start } from './sdk/start.js'

setupDiagFromEnv()
await start().catch(() => {})
