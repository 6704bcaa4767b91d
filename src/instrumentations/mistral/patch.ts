/**
 * Patches `@mistralai/mistralai`. The package exports the `Mistral` client but not its `Chat` and
 * `Embeddings` classes: the client creates them in its `chat` and `embeddings` getters. Automatic
 * mode therefore wraps those two getters on `Mistral.prototype`, and the first time each returns a
 * resource, patches that resource's prototype (`complete`, `stream`, `parse`, `parseStream`;
 * `create`), so every client instance is covered. `instrument(client)` patches one client's own
 * `chat` and `embeddings` objects. Both go through `runTracked`, so a call is counted once even
 * when both apply.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import type { RecorderSource } from '../../recording/registry.js'
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { unwrapMethod, wrapMethod } from '../shared/tracked-method.js'
import { describeComplete, describeEmbeddings, describeStream } from './describe.js'

type Describe = (self: unknown, args: unknown[]) => CallPlan | undefined

/** The client's resource getters and the methods of each that are LLM calls. */
const RESOURCES: Readonly<Record<string, Readonly<Record<string, Describe>>>> = {
  chat: {
    complete: describeComplete,
    parse: describeComplete,
    stream: describeStream,
    parseStream: describeStream,
  },
  embeddings: { create: describeEmbeddings },
}

const STATE = Symbol.for('llmeter.mistral.patched')

/** What the automatic patch changed on `Mistral.prototype`, to undo it. */
interface PatchState {
  getters: Map<string, PropertyDescriptor>
  prototypes: Map<object, Readonly<Record<string, Describe>>>
}

function patchResource(
  owner: unknown,
  methods: Readonly<Record<string, Describe>>,
  recorder: RecorderSource,
) {
  for (const [name, describe] of Object.entries(methods)) wrapMethod(owner, name, { describe }, recorder)
}

/** Wraps the `chat` and `embeddings` getters of the `Mistral` class of a module's exports. */
export function patchMistralExports(exports: unknown, recorder: RecorderSource): void {
  const proto = (exports as { Mistral?: { prototype?: any } } | undefined)?.Mistral?.prototype
  if (!proto || proto[STATE]) return
  const state: PatchState = { getters: new Map(), prototypes: new Map() }
  for (const [resource, methods] of Object.entries(RESOURCES)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, resource)
    const get = descriptor?.get
    if (!descriptor || !get || !descriptor.configurable) continue
    state.getters.set(resource, descriptor)
    Object.defineProperty(proto, resource, {
      ...descriptor,
      get(this: unknown) {
        const value = get.call(this)
        guard('mistral resource patch', () => {
          const target = value === null || typeof value !== 'object' ? null : Object.getPrototypeOf(value)
          if (target && target !== Object.prototype && !state.prototypes.has(target)) {
            state.prototypes.set(target, methods)
            patchResource(target, methods, recorder)
          }
        })
        return value
      },
    })
  }
  Object.defineProperty(proto, STATE, { value: state, configurable: true })
  markSdkPatched(GEN_AI_PROVIDER.mistralAi)
}

/** Undoes {@link patchMistralExports}. */
export function unpatchMistralExports(exports: unknown): void {
  const proto = (exports as { Mistral?: { prototype?: any } } | undefined)?.Mistral?.prototype
  const state = proto?.[STATE] as PatchState | undefined
  if (!state) return
  for (const [resource, descriptor] of state.getters) Object.defineProperty(proto, resource, descriptor)
  for (const [target, methods] of state.prototypes)
    for (const name of Object.keys(methods)) unwrapMethod(target, name)
  delete proto[STATE]
  unmarkSdkPatched(GEN_AI_PROVIDER.mistralAi)
}

/** True when `client` looks like a `Mistral` client (`chat.complete`, `embeddings.create`). */
function isMistralClient(client: any): boolean {
  return typeof client?.chat?.complete === 'function' && typeof client?.embeddings?.create === 'function'
}

/** Patches one client's own `chat` and `embeddings` objects (explicit mode). */
function patchMistralClient(client: any, recorder: RecorderSource): void {
  for (const [resource, methods] of Object.entries(RESOURCES))
    patchResource(client?.[resource], methods, recorder)
}

/** `@mistralai/mistralai`'s `Mistral` instances, for `instrument()`. */
export const mistralClient: ExplicitClient = {
  name: '@mistralai/mistralai',
  matches: isMistralClient,
  patch: patchMistralClient,
}
