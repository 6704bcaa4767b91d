/**
 * How a Pinecone data-plane call reads: the index it queried (`gen_ai.data_source.id`), the index
 * host it went to, the number of documents in its result, and the error classes of the client,
 * which carry their HTTP status in the class name rather than in a field.
 *
 * @module
 */
import { RETRIEVAL_PROVIDER } from '../../semconv/attributes.js'
import { ERROR_TYPE, type ErrorType } from '../../semconv/error-types.js'
import type { RetrievalPlan } from '../../tracking/retrieval.js'
import { endpointOf } from '../shared/endpoint.js'

type Dict = Record<string, any>

/** The client's error classes (its `mapHttpStatusError` and connection errors) by name. */
const ERROR_TYPES: ReadonlyMap<string, ErrorType> = new Map([
  ['PineconeBadRequestError', ERROR_TYPE.invalidRequest],
  ['PineconeAuthorizationError', ERROR_TYPE.auth],
  ['PineconePaymentRequiredError', ERROR_TYPE.invalidRequest],
  ['PineconeNotFoundError', ERROR_TYPE.invalidRequest],
  ['PineconeMethodNotAllowedError', ERROR_TYPE.invalidRequest],
  ['PineconeConflictError', ERROR_TYPE.invalidRequest],
  ['PineconeFailedPreconditionError', ERROR_TYPE.invalidRequest],
  ['PineconeUnprocessableEntityError', ERROR_TYPE.invalidRequest],
  ['PineconeArgumentError', ERROR_TYPE.invalidRequest],
  ['PineconeInternalServerError', ERROR_TYPE.serverError],
  ['PineconeNotImplementedError', ERROR_TYPE.serverError],
  ['PineconeUnavailableError', ERROR_TYPE.serverError],
  ['PineconeMaxRetriesExceededError', ERROR_TYPE.serverError],
  ['PineconeConnectionError', ERROR_TYPE.network],
])

/** The error type of a Pinecone error; a status the unmapped error names (429 among them) decides. */
export function pineconeErrorType(error: unknown): ErrorType | undefined {
  const e = error as { name?: unknown; message?: unknown } | null
  if (!e || typeof e !== 'object') return undefined
  if (e.name === 'PineconeUnmappedHttpError' && typeof e.message === 'string') {
    const status = /Status: (\d{3})\b/.exec(e.message)?.[1]
    if (status === '429') return ERROR_TYPE.rateLimit
    if (status !== undefined)
      return Number(status) >= 500 ? ERROR_TYPE.serverError : ERROR_TYPE.invalidRequest
  }
  return typeof e.name === 'string' ? ERROR_TYPES.get(e.name) : undefined
}

/** Which result field holds the documents, per method. */
const COUNTS: Record<string, (result: Dict) => number> = {
  query: (result) => (Array.isArray(result?.matches) ? result.matches.length : 0),
  searchRecords: (result) => (Array.isArray(result?.result?.hits) ? result.result.hits.length : 0),
}

/** The methods of `Index` that are retrievals. */
export const PINECONE_METHODS = Object.keys(COUNTS)

/**
 * The plan for `index[method](...)`. The data source is the index name (the host when the index
 * was given by host only); the namespace is left out, since apps commonly keep one per tenant.
 */
export function describePinecone(index: Dict, method: string): RetrievalPlan<Dict> | undefined {
  const count = COUNTS[method]
  if (!count) return undefined
  const target = index?.target as Dict | undefined
  const host = typeof target?.indexHostUrl === 'string' ? target.indexHostUrl : undefined
  const endpoint = host ? endpointOf(/^https?:\/\//.test(host) ? host : `https://${host}`) : undefined
  const name =
    typeof target?.indexName === 'string' && target.indexName !== '' ? target.indexName : endpoint?.address
  return {
    options: {
      provider: RETRIEVAL_PROVIDER.pinecone,
      dataSource: name,
      serverAddress: endpoint?.address,
      serverPort: endpoint?.port,
    },
    count,
    errorType: pineconeErrorType,
  }
}
