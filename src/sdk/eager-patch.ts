/**
 * Patching on runtimes without loader hooks. Bun has no working `module.register()` (it exists and
 * does nothing) and Deno has none, so a module the app imports never passes through the
 * instrumentations' hooks there. Every client patch works on the client's classes (their
 * prototypes), and a module is evaluated once per resolved file, so llmeter loads each package it
 * instruments itself, when it starts, and patches the very classes the app's own `import` (and, on
 * Bun, `require`, which loads the package's CommonJS build as a second copy) then gets. Packages that
 * are not installed are skipped. A definition that patches files inside its package (MCP's
 * `dist/esm/client/index.js`) has those files loaded by path: the app's import of the subpath
 * resolves to the same file, so it gets the same, patched, module. What stays unpatched is said
 * once: a package the app resolves from another copy than llmeter does (a second install), and
 * LangChain's automatic handler, which needs the hooks (pass its handler, `llmeter/langchain`, to
 * the runs instead).
 *
 * @module
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type {
  Instrumentation,
  InstrumentationModuleDefinition,
  InstrumentationModuleFile,
} from '@opentelemetry/instrumentation'
import { log } from '../internal/diag.js'
import { moduleDefinitions } from '../internal/runtime.js'

/** What was patched: the package's definition, or one of its files, and the exports it patched. */
interface Patched {
  name: string
  target: InstrumentationModuleDefinition | InstrumentationModuleFile
  exports: unknown
}

function apply(
  name: string,
  target: InstrumentationModuleDefinition | InstrumentationModuleFile,
  exports: unknown,
  patched: Patched[],
): void {
  if (!exports || typeof target.patch !== 'function' || patched.some((p) => p.exports === exports)) return
  // Already patched through the instrumentation's own hook (require-in-the-middle does see some
  // loads there, Node's built-in modules among them); its disable() undoes that one.
  if (target.moduleExports === exports) return
  try {
    target.patch(exports, undefined)
    patched.push({ name, target, exports })
  } catch (err) {
    log.debug(`could not patch ${target.name}`, err)
  }
}

/** The installed directory of package `name` as `require` finds it from llmeter, or undefined. */
function packageDir(name: string, require: NodeJS.Require): string | undefined {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name)
    if (existsSync(join(dir, 'package.json'))) return realpathSync(dir)
  }
  return undefined
}

/** Whether Node would load `file` as CommonJS: `.cjs`, or `.js` under a `"type": "commonjs"` (or no type) package.json. */
function isCommonJs(file: string, root: string): boolean {
  if (file.endsWith('.cjs')) return true
  if (file.endsWith('.mjs')) return false
  for (let dir = dirname(file); dir.startsWith(root); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (!existsSync(manifest)) continue
    try {
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type !== 'module'
    } catch {
      return true
    }
  }
  return true
}

/**
 * Loads and patches the files of `definition` found in its installed package: ES-module files with
 * `import()`, CommonJS ones with `require` (the instance the app's `require`, and on both runtimes
 * its `import` of a CommonJS package, gets).
 */
function loadFiles(
  definition: InstrumentationModuleDefinition,
  require: NodeJS.Require,
  patched: Patched[],
): Promise<void>[] {
  const root = packageDir(definition.name, require)
  if (root === undefined) return []
  const loads: Promise<void>[] = []
  for (const file of definition.files) {
    const path = join(root, file.name.slice(definition.name.length + 1))
    if (!existsSync(path)) continue
    if (isCommonJs(path, root)) {
      loads.push(
        Promise.resolve().then(
          () => apply(definition.name, file, require(path), patched),
          (err) => log.debug(`could not load ${file.name} to patch it`, err),
        ),
      )
    } else {
      loads.push(
        import(pathToFileURL(path).href).then(
          (namespace) => apply(definition.name, file, namespace, patched),
          (err) => log.debug(`could not load ${file.name} to patch it`, err),
        ),
      )
    }
  }
  return loads
}

/**
 * Loads and patches every package `instrumentations` instrument that is installed. `done` settles
 * when all are patched (never rejects); `undo` unpatches them.
 */
export function patchEagerly(
  instrumentations: readonly Instrumentation[],
  runtime: string,
): { done: Promise<void>; undo: () => void } {
  const patched: Patched[] = []
  const require = createRequire(import.meta.url)
  const loads: Promise<void>[] = []
  for (const instrumentation of instrumentations) {
    const definitions = moduleDefinitions(instrumentation)
    for (const definition of definitions) {
      const name = definition.name
      if (typeof name !== 'string' || name.startsWith('@langchain/')) continue
      if (definition.files.length > 0) {
        try {
          loads.push(...loadFiles(definition, require, patched))
        } catch (err) {
          log.debug(`could not find the files of ${name} to patch them`, err)
        }
        if (typeof definition.patch !== 'function') continue
      }
      try {
        require.resolve(name)
      } catch {
        continue
      }
      loads.push(
        import(name).then(
          (namespace) => {
            apply(name, definition, namespace, patched)
            if (runtime === 'Bun') apply(name, definition, require(name), patched)
          },
          (err) => log.debug(`could not load ${name} to patch it`, err),
        ),
      )
    }
  }
  const done = Promise.allSettled(loads).then(() => {
    log.info(
      `${runtime} has no module loader hooks: llmeter loaded and patched ${[...new Set(patched.map((p) => p.name))].sort().join(', ') || 'no client package'} when it started; LangChain needs its handler from llmeter/langchain`,
    )
  })
  return {
    done,
    undo: () => {
      for (const { target, exports } of patched.splice(0)) {
        // The instrumentation's own hook patched this definition too, and its disable() (which runs
        // first) has unpatched what the two share; a second unpatch would only log that nothing is
        // wrapped. A second copy of a package (Bun's CommonJS build) may stay patched after that.
        if (target.moduleExports !== undefined) continue
        try {
          target.unpatch?.(exports, undefined)
        } catch (err) {
          log.debug(`could not unpatch ${target.name}`, err)
        }
      }
    },
  }
}
