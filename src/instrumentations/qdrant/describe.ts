/**
 * How a Qdrant search reads: the collection (the first argument, `gen_ai.data_source.id`), the
 * server the client talks to, and the points returned, per method (a batch counts every point of
 * every search). Qdrant's HTTP errors carry their status, so the shared classifier reads them;
 * its timeout and 429 classes are named here.
 *
 * @module
 */
import { RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import { ERROR_TYPE, type ErrorType } from '../../semconv/error-types.js'
import type { RetrievalPlan } from '../../tracking/retrieval.js'
import { endpointOf } from '../shared/endpoint.js'

type Dict = Record<string, any>

const length = (value: unknown) => (Array.isArray(value) ? value.length : 0)
const sum = (value: unknown, each: (item: any) => number) =>
  Array.isArray(value) ? value.reduce((n: number, item) => n + each(item), 0) : 0

/** Points in each method's result: `search` an array, `query` `{ points }`, batches one per search. */
const COUNTS: Record<string, (result: any) => number> = {
  search: length,
  searchBatch: (result) => sum(result, length),
  query: (result) => length(result?.points),
  queryBatch: (result) => sum(result, (r) => length(r?.points)),
}

/** The methods of `QdrantClient` that are retrievals (1.12 has all four; 1.19 only the `query` pair). */
export const QDRANT_METHODS = Object.keys(COUNTS)

export function qdrantErrorType(error: unknown): ErrorType | undefined {
  const e = error as { name?: unknown; message?: unknown } | null
  if (e?.name === 'QdrantClientTimeoutError') return ERROR_TYPE.timeout
  if (e?.name === 'QdrantClientResourceExhaustedError') return ERROR_TYPE.rateLimit
  if (e?.name === 'QdrantClientUnexpectedResponseError' && typeof e.message === 'string') {
    const status = /Unexpected Response: (\d{3})\b/.exec(e.message)?.[1]
    if (status === '429') return ERROR_TYPE.rateLimit
    if (status !== undefined)
      return Number(status) >= 500 ? ERROR_TYPE.serverError : ERROR_TYPE.invalidRequest
  }
  return undefined
}

/** The plan for `client[method](collectionName, ...)`. */
export function describeQdrant(
  client: Dict,
  method: string,
  args: unknown[],
): RetrievalPlan<unknown> | undefined {
  const count = COUNTS[method]
  if (!count) return undefined
  const endpoint = endpointOf(typeof client?._restUri === 'string' ? client._restUri : undefined)
  return {
    options: {
      provider: RETRIEVAL_PROVIDER.qdrant,
      dataSource: typeof args[0] === 'string' ? args[0] : undefined,
      serverAddress: endpoint.address,
      serverPort: endpoint.port,
    },
    count,
    errorType: qdrantErrorType,
  }
}
