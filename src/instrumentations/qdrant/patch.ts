/**
 * Patches the Qdrant REST client: `search`, `searchBatch`, `query` and `queryBatch` of
 * `QdrantClient.prototype` (whichever the installed release has), or of one client for
 * `instrument(client)`. Scroll, retrieve, count and writes are not retrievals.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import type { ExplicitClient } from '../shared/explicit-client.js'
import { unwrapRetrieval, wrapRetrieval } from '../shared/retrieval-method.js'
import { markSdkPatched, unmarkSdkPatched } from '../shared/sdk-patched.js'
import { describeQdrant, QDRANT_METHODS } from './describe.js'

function patchMethods(owner: any, recorder: RecorderSource): boolean {
  let patched = false
  for (const method of QDRANT_METHODS) {
    patched =
      wrapRetrieval(owner, method, (self, args) => describeQdrant(self, method, args), recorder) || patched
  }
  return patched
}

export function patchQdrantExports(exports: any, recorder: RecorderSource): void {
  if (patchMethods(exports?.QdrantClient?.prototype, recorder)) markSdkPatched(RETRIEVAL_PROVIDER.qdrant)
}

export function unpatchQdrantExports(exports: any): void {
  const proto = exports?.QdrantClient?.prototype
  let unpatched = false
  for (const method of QDRANT_METHODS) unpatched = unwrapRetrieval(proto, method) || unpatched
  if (unpatched) unmarkSdkPatched(RETRIEVAL_PROVIDER.qdrant)
}

/** `instrument(client)`: a `QdrantClient` (it has `query` and `scroll` and its REST URI). */
export const qdrantClient: ExplicitClient = {
  name: '@qdrant/js-client-rest',
  matches(client: any): boolean {
    return (
      typeof client?.query === 'function' &&
      typeof client?.scroll === 'function' &&
      typeof client?._restUri === 'string'
    )
  },
  patch(client: any, recorder: RecorderSource): void {
    patchMethods(client, recorder)
  },
}
