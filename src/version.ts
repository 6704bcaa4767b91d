/**
 * The package's own name and version, read from its package.json (one level above both `src/`
 * and `dist/`), so the instrumentation scope never carries a version typed by hand.
 *
 * @module
 */
import { createRequire } from 'node:module'

const manifest = createRequire(import.meta.url)('../package.json') as { name: string; version: string }

/** The instrumentation scope every llmeter instrument belongs to. */
export const METER_NAME: string = manifest.name
/** The llmeter release, the scope version of its meter and instrumentations. */
export const VERSION: string = manifest.version
