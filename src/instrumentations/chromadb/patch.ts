/**
 * Patches the Chroma client (`chromadb` 3). Its collection class is not exported, so the client's
 * collection-returning methods (`getCollection`, `getOrCreateCollection`, `createCollection`,
 * `listCollections`, ...) are wrapped on `ChromaClient.prototype`, and the first collection they
 * hand back has its class's `query` and `search` (the Search API, where the release has it)
 * patched, once. Only those are retrievals; `get` reads records by id or filter and is left alone.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { RecorderSource } from '../../recording/registry.js'
import { RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { unwrapRetrieval, wrapRetrieval } from '../shared/retrieval-method.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { describeChromaQuery } from './describe.js'

/** Client methods that resolve to one collection or an array of them (3.0 and 3.5). */
const COLLECTION_METHODS = [
  'createCollection',
  'getCollection',
  'getOrCreateCollection',
  'getCollections',
  'listCollections',
  'getCollectionById',
  'getCollectionByCrn',
] as const

const ORIGINAL = Symbol.for('llmeter.chromadb.original')

type Fn = ((...args: unknown[]) => unknown) & { [ORIGINAL]?: Fn }

/** The collection methods that are retrievals (`search` is 3.x's Search API, absent from 3.0). */
const RETRIEVAL_METHODS = ['query', 'search'] as const

/** The deepest object in `collection`'s chain that defines `method` itself (the base class's). */
function methodOwner(collection: object, method: string): object | undefined {
  let owner: object | undefined
  for (
    let p: object | null = collection;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p)
  ) {
    if (Object.hasOwn(p, method)) owner = p
  }
  return owner
}

function isCollection(value: unknown): value is Record<string, unknown> {
  const v = value as Record<string, unknown> | null
  return typeof v?.query === 'function' && typeof v?.add === 'function' && typeof v?.get === 'function'
}

/** Wraps each collection-returning method of `owner` so what it returns is passed to `seen`. */
function watchCollections(owner: any, seen: (collection: object) => void): boolean {
  let wrapped = false
  for (const name of COLLECTION_METHODS) {
    const original = owner?.[name] as Fn | undefined
    if (typeof original !== 'function' || original[ORIGINAL]) continue
    const wrapper: Fn = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args)
      Promise.resolve(result).then(
        (value) => {
          try {
            for (const c of Array.isArray(value) ? value : [value]) if (isCollection(c)) seen(c)
          } catch (err) {
            log.debug('chromadb collection not patched', err)
          }
        },
        () => {},
      )
      return result
    }
    wrapper[ORIGINAL] = original
    owner[name] = wrapper
    wrapped = true
  }
  return wrapped
}

function unwatchCollections(owner: any): void {
  for (const name of COLLECTION_METHODS) {
    const method = owner?.[name] as Fn | undefined
    if (typeof method === 'function' && method[ORIGINAL]) owner[name] = method[ORIGINAL]
  }
}

function patchMethods(owner: object, recorder: RecorderSource): void {
  for (const method of RETRIEVAL_METHODS)
    wrapRetrieval(owner, method, (self) => describeChromaQuery(self), recorder)
}

// Module state: the collection classes patched through the exports, with the method, so unpatching
// can restore them (a class is reached only through a collection the client returned).
const patchedClasses: [object, string][] = []

export function patchChromaExports(exports: any, recorder: RecorderSource): void {
  const proto = exports?.ChromaClient?.prototype
  const seen = (collection: object) => {
    for (const method of RETRIEVAL_METHODS) {
      const owner = methodOwner(collection, method)
      if (
        owner &&
        owner !== collection &&
        wrapRetrieval(owner, method, (self) => describeChromaQuery(self), recorder)
      )
        patchedClasses.push([owner, method])
    }
  }
  if (watchCollections(proto, seen)) markSdkPatched(RETRIEVAL_PROVIDER.chroma)
}

export function unpatchChromaExports(exports: any): void {
  const proto = exports?.ChromaClient?.prototype
  if (!proto) return
  unwatchCollections(proto)
  for (const [owner, method] of patchedClasses.splice(0)) unwrapRetrieval(owner, method)
  unmarkSdkPatched(RETRIEVAL_PROVIDER.chroma)
}

/**
 * `instrument(chromaClient)` patches the collections that client returns from then on, one by one;
 * `instrument(collection)` patches that collection.
 */
export const chromaClient: ExplicitClient = {
  name: 'chromadb (a ChromaClient or a collection)',
  matches(client: any): boolean {
    return isCollection(client) || typeof client?.getOrCreateCollection === 'function'
  },
  patch(client: any, recorder: RecorderSource): void {
    if (isCollection(client)) patchMethods(client, recorder)
    else watchCollections(client, (collection) => patchMethods(collection, recorder))
  },
}
