/**
 * Patches the Pinecone client: `Index.prototype.query` and `searchRecords` (the similarity and
 * text searches of the data plane) on the package's exports, or on one index object for
 * `instrument(index)`. Fetch, list, upserts and deletes are not retrievals and stay unpatched.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { unwrapRetrieval, wrapRetrieval } from '../shared/retrieval-method.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { describePinecone, PINECONE_METHODS } from './describe.js'

function patchMethods(owner: any, recorder: RecorderSource): boolean {
  let patched = false
  for (const method of PINECONE_METHODS) {
    patched = wrapRetrieval(owner, method, (self) => describePinecone(self, method), recorder) || patched
  }
  return patched
}

/** Patches `exports.Index.prototype`; the package's main entry is enough (every index is one). */
export function patchPineconeExports(exports: any, recorder: RecorderSource): void {
  const proto = exports?.Index?.prototype
  if (patchMethods(proto, recorder)) markSdkPatched(RETRIEVAL_PROVIDER.pinecone)
}

export function unpatchPineconeExports(exports: any): void {
  const proto = exports?.Index?.prototype
  let unpatched = false
  for (const method of PINECONE_METHODS) unpatched = unwrapRetrieval(proto, method) || unpatched
  if (unpatched) unmarkSdkPatched(RETRIEVAL_PROVIDER.pinecone)
}

/** `instrument(index)`: an index object from `pc.index(...)` (it has a `target` naming its index). */
export const pineconeClient: ExplicitClient = {
  name: '@pinecone-database/pinecone (an index from pc.index())',
  matches(client: any): boolean {
    return (
      typeof client?.query === 'function' &&
      typeof client?.searchRecords === 'function' &&
      typeof client?.target?.namespace === 'string'
    )
  },
  patch(client: any, recorder: RecorderSource): void {
    patchMethods(client, recorder)
  },
}
