/**
 * How a Chroma collection query reads: the collection (`gen_ai.data_source.id`), the server the
 * client talks to, the documents returned (the result's `ids` hold one list per query), and the
 * client's error classes, which name their HTTP status in the class rather than in a field.
 *
 * @module
 */
import { RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import { ERROR_TYPE, type ErrorType } from '../../semconv/error-types.js'
import type { RetrievalPlan } from '../../tracking/retrieval.js'
import { endpointOf } from '../shared/endpoint.js'

type Dict = Record<string, any>

/** The client's error classes (its `chromaFetch` status mapping) by name. */
const ERROR_TYPES: ReadonlyMap<string, ErrorType> = new Map([
  ['ChromaConnectionError', ERROR_TYPE.network],
  ['ChromaServerError', ERROR_TYPE.serverError],
  ['ChromaClientError', ERROR_TYPE.invalidRequest],
  ['ChromaValueError', ERROR_TYPE.invalidRequest],
  ['InvalidArgumentError', ERROR_TYPE.invalidRequest],
  ['ChromaNotFoundError', ERROR_TYPE.invalidRequest],
  ['ChromaUniqueError', ERROR_TYPE.invalidRequest],
  ['ChromaQuotaExceededError', ERROR_TYPE.invalidRequest],
  ['ChromaAuthError', ERROR_TYPE.auth],
  ['ChromaUnauthorizedError', ERROR_TYPE.auth],
  ['ChromaForbiddenError', ERROR_TYPE.auth],
  ['ChromaRateLimitError', ERROR_TYPE.rateLimit],
])

/** 3.0 throws its connection error for any unmapped status (5xx among them), with this message. */
const UNMAPPED_STATUS = /^Unable to connect to the chromadb server/

export function chromaErrorType(error: unknown): ErrorType | undefined {
  const e = error as { name?: unknown; message?: unknown } | null
  if (e?.name === 'ChromaConnectionError' && typeof e.message === 'string' && UNMAPPED_STATUS.test(e.message))
    return ERROR_TYPE.serverError
  return typeof e?.name === 'string' ? ERROR_TYPES.get(e.name) : undefined
}

/** Documents in a query or search result: every id of every query's (search's) list. */
export function countQueryResult(result: Dict): number {
  const ids = result?.ids
  if (!Array.isArray(ids)) return 0
  let n = 0
  for (const list of ids) n += Array.isArray(list) ? list.length : 0
  return n
}

function baseUrl(collection: Dict): string | undefined {
  try {
    const url = collection?.apiClient?.getConfig?.()?.baseUrl
    return typeof url === 'string' ? url : undefined
  } catch {
    return undefined
  }
}

/** The plan for `collection.query()` / `search()`: the collection's name (its id when it has none). */
export function describeChromaQuery(collection: Dict): RetrievalPlan<Dict> {
  const endpoint = endpointOf(baseUrl(collection))
  let name: unknown
  try {
    name = collection?.name || collection?.id
  } catch {
    name = undefined
  }
  return {
    options: {
      provider: RETRIEVAL_PROVIDER.chroma,
      dataSource: typeof name === 'string' ? name : undefined,
      serverAddress: endpoint.address,
      serverPort: endpoint.port,
    },
    count: countQueryResult,
    errorType: chromaErrorType,
  }
}
