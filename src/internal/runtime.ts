/**
 * What llmeter needs to know of the runtime it runs on and of the instrumentations it drives
 * there: whether module loading can be hooked (not on Bun or Deno, see sdk/eager-patch.ts), and
 * the module definitions an instrumentation patches through.
 *
 * @module
 */
import type { Instrumentation, InstrumentationModuleDefinition } from '@opentelemetry/instrumentation'

/** The runtime's name when it cannot hook module loading (Bun, Deno); undefined on Node. */
export function runtimeWithoutLoaderHooks(): string | undefined {
  const g = globalThis as { Bun?: unknown; Deno?: unknown }
  if (g.Bun !== undefined) return 'Bun'
  if (g.Deno !== undefined) return 'Deno'
  return undefined
}

/**
 * The module definitions `instrumentation` patches through its own hooks: the very objects, so that
 * what one patch records (`moduleExports`) the other sees. The base class keeps them in `_modules`;
 * its public `getModuleDefinitions()` builds a fresh set (it calls `init()` again), whose patch
 * state the instrumentation's `disable()` would never see.
 */
export function moduleDefinitions(instrumentation: Instrumentation): InstrumentationModuleDefinition[] {
  const own = (instrumentation as { _modules?: unknown })._modules
  if (Array.isArray(own)) return own as InstrumentationModuleDefinition[]
  const built = (
    instrumentation as { getModuleDefinitions?: () => InstrumentationModuleDefinition[] }
  ).getModuleDefinitions?.()
  return built ?? []
}
