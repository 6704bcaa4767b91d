/**
 * Patching on runtimes without loader hooks. Bun has no working `module.register()` (it exists and
 * does nothing) and Deno has none, so a module the app imports never passes through the
 * instrumentations' hooks there. Every client patch works on the client's classes (their
 * prototypes), and a module is evaluated once per resolved file, so llmeter loads each package it
 * instruments itself, when it starts, and patches the very classes the app's own `import` (and, on
 * Bun, `require`, which loads the package's CommonJS build as a second copy) then gets. Packages that
 * are not installed are skipped. What stays unpatched is said once: a package the app resolves from
 * another copy than llmeter does (a second install), and LangChain's automatic handler, which needs
 * the hooks (pass its handler, `llmeter/langchain`, to the runs instead).
 *
 * @module
 */
import { createRequire } from 'node:module'
import type { Instrumentation, InstrumentationModuleDefinition } from '@opentelemetry/instrumentation'
import { log } from '../internal/diag.js'

/** The runtime's name when it cannot hook module loading (Bun, Deno); undefined on Node. */
export function runtimeWithoutLoaderHooks(): string | undefined {
  const g = globalThis as { Bun?: unknown; Deno?: unknown }
  if (g.Bun !== undefined) return 'Bun'
  if (g.Deno !== undefined) return 'Deno'
  return undefined
}

interface Patched {
  definition: InstrumentationModuleDefinition
  exports: unknown
}

function apply(definition: InstrumentationModuleDefinition, exports: unknown, patched: Patched[]): void {
  if (!exports || patched.some((p) => p.exports === exports)) return
  try {
    definition.patch?.(exports, undefined)
    patched.push({ definition, exports })
  } catch (err) {
    log.debug(`could not patch ${definition.name}`, err)
  }
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
    const definitions = (
      instrumentation as { getModuleDefinitions?: () => InstrumentationModuleDefinition[] }
    ).getModuleDefinitions?.()
    for (const definition of definitions ?? []) {
      const name = definition.name
      if (typeof name !== 'string' || name.startsWith('@langchain/')) continue
      try {
        require.resolve(name)
      } catch {
        continue
      }
      loads.push(
        import(name).then(
          (namespace) => {
            apply(definition, namespace, patched)
            if (runtime === 'Bun') apply(definition, require(name), patched)
          },
          (err) => log.debug(`could not load ${name} to patch it`, err),
        ),
      )
    }
  }
  const done = Promise.allSettled(loads).then(() => {
    log.info(
      `${runtime} has no module loader hooks: llmeter loaded and patched ${[...new Set(patched.map((p) => p.definition.name))].sort().join(', ') || 'no client package'} when it started; LangChain needs its handler from llmeter/langchain`,
    )
  })
  return {
    done,
    undo: () => {
      for (const { definition, exports } of patched.splice(0)) {
        try {
          definition.unpatch?.(exports, undefined)
        } catch (err) {
          log.debug(`could not unpatch ${definition.name}`, err)
        }
      }
    },
  }
}
