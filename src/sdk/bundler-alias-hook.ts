/**
 * A `module.register` resolve hook for bundlers that import an external package under an alias.
 * Turbopack (Next.js 16's default bundler) keeps a package listed in `serverExternalPackages` out
 * of its chunks and imports it as `openai-6cdafa1aaabb62e6`: a link in `.next/node_modules` to the
 * installed package, named after it plus a 16-digit hex hash. import-in-the-middle decides what to
 * wrap, and which instrumentation it belongs to, by the import specifier, so an alias passes
 * through unpatched. For an alias of a package llmeter patches, this hook resolves the package's
 * own name from inside the package the alias links to: the same file loads (a package resolves
 * its own name to itself), under the specifier the patch matches.
 *
 * Runs on the loader thread, before import-in-the-middle's resolve (registered after it); for any
 * other specifier it is one regular-expression test.
 *
 * @module
 */
import { realpathSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What `installEsmHook()` passes through `module.register`'s `data`. */
export interface AliasHookData {
  /** Package names (`openai`, `@anthropic-ai/sdk`) whose aliases are resolved as the package. */
  packages: string[]
}

interface ResolveContext {
  parentURL?: string
  conditions?: string[]
  importAttributes?: Record<string, string>
}
type NextResolve = (specifier: string, context: ResolveContext) => unknown

// `<package>-<16 hex digits>`, optionally followed by a subpath: Turbopack's alias for an
// external package (seen with Next 16.4: `openai-6cdafa1aaabb62e6`, `llmeter-142376e573c4321a/register`).
const ALIAS = /^((?:@[^/]+\/)?[^/@][^/]*)-([0-9a-f]{16})(\/.*)?$/

// The loader thread's copy of the package list, set once by initialize() before any resolve.
let packages: ReadonlySet<string> = new Set()

/** Receives the package list (`module.register` calls it once, on the loader thread). */
export function initialize(data: AliasHookData | undefined): void {
  packages = new Set(data?.packages ?? [])
}

/** The resolve hook: an alias of a listed package resolves as the package; anything else as is. */
export function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): unknown {
  const match = ALIAS.exec(specifier)
  if (!match || !packages.has(match[1]!) || !context.parentURL?.startsWith('file:')) {
    return nextResolve(specifier, context)
  }
  let target: string | undefined
  try {
    target = linkedPackage(`${match[1]}-${match[2]}`, fileURLToPath(context.parentURL))
  } catch {
    // A parent URL Node would not resolve from (`file://host/...`): resolution goes on unchanged.
    target = undefined
  }
  if (target === undefined) return nextResolve(specifier, context)
  const parentURL = pathToFileURL(join(target, 'package.json')).href
  return nextResolve(match[1]! + (match[3] ?? ''), { ...context, parentURL })
}

/**
 * The real directory of `node_modules/<alias>` as Node's resolver would find it from `parentPath`
 * (the nearest `node_modules` up the tree that has it), or undefined.
 */
function linkedPackage(alias: string, parentPath: string): string | undefined {
  let dir = dirname(parentPath)
  for (;;) {
    const candidate = join(dir, 'node_modules', alias)
    if (statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) {
      try {
        return realpathSync(candidate)
      } catch {
        return undefined
      }
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
