/**
 * Local wire-format fakes of the vector stores llmeter instruments, written from each service's
 * public REST reference: Pinecone's data plane (`POST /query`, `POST /records/namespaces/{ns}/search`),
 * Chroma's HTTP API v2 (collections under `/api/v2/tenants/{tenant}/databases/{database}`) and
 * Qdrant's (`/collections/{name}/points/search`, `/points/search/batch`, `/points/query`,
 * `/points/query/batch`). Each listens on 127.0.0.1 port 0; `failNext(status)` makes the next
 * retrieval answer with an error (as does a request whose `filter` is `{ fail: { $eq: status } }`), `hits` sets how many documents each query returns.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeStore {
  readonly url: string
  readonly port: number
  /** Documents returned per query (per search of a batch). */
  hits: number
  /** Paths of the requests received, in order. */
  readonly paths: string[]
  /** The next retrieval request answers `status` with the service's error body. */
  failNext(status: number): void
  close(): Promise<void>
}

type Route = (path: string, body: any, hits: number) => unknown | undefined
type ErrorBody = (status: number) => unknown

async function readBody(req: IncomingMessage): Promise<any> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text === '' ? undefined : JSON.parse(text)
}

async function serve(
  route: Route,
  isRetrieval: (path: string) => boolean,
  errorBody: ErrorBody,
): Promise<FakeStore> {
  const failures: number[] = []
  const paths: string[] = []
  const store = { hits: 3 } as { hits: number }
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!
    paths.push(`${req.method} ${path}`)
    const body = await readBody(req)
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(payload))
    }
    // A request can ask for its own failure (a child app has no handle on `failNext`).
    const asked = body?.filter?.fail?.$eq
    if (isRetrieval(path) && typeof asked === 'number') return send(asked, errorBody(asked))
    if (isRetrieval(path) && failures.length > 0) return send(failures[0]!, errorBody(failures.shift()!))
    const reply = route(`${req.method} ${path}`, body, store.hits)
    if (reply === undefined) return send(404, errorBody(404))
    send(200, reply)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  return Object.assign(store, {
    url: `http://127.0.0.1:${port}`,
    port,
    paths,
    failNext: (status: number) => void failures.push(status),
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  })
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/** Pinecone's data plane for one index host. */
export function startPinecone(): Promise<FakeStore> {
  return serve(
    (route, body, hits) => {
      if (route === 'POST /query') {
        return {
          matches: range(Math.min(hits, body?.topK ?? hits)).map((i) => ({
            id: `vec-${i}`,
            score: 0.9 - i / 100,
            values: [],
          })),
          namespace: body?.namespace ?? '',
          usage: { readUnits: 5 },
        }
      }
      if (route === 'GET /vectors/fetch') return { vectors: {}, namespace: '', usage: { readUnits: 1 } }
      if (/^POST \/records\/namespaces\/[^/]+\/search$/.test(route)) {
        return {
          result: { hits: range(hits).map((i) => ({ _id: `rec-${i}`, _score: 0.8, fields: {} })) },
          usage: { read_units: 6, embed_total_tokens: 4 },
        }
      }
      return undefined
    },
    (path) => path === '/query' || path.endsWith('/search'),
    (status) => ({ code: status, message: `fake failure ${status}`, details: [] }),
  )
}

const COLLECTION_ID = '6f1c2d3e-0000-4000-8000-000000000001'

/** Chroma's HTTP API v2, with one collection that every get-or-create answers. */
export function startChroma(): Promise<FakeStore> {
  const base = '/api/v2/tenants/default_tenant/databases/default_database/collections'
  return serve(
    (route, body, hits) => {
      if (route === 'GET /api/v2/pre-flight-checks')
        return { max_batch_size: 1000, supports_base64_encoding: false }
      if (route === `POST ${base}` || route.startsWith(`GET ${base}/`)) {
        return {
          id: COLLECTION_ID,
          name: body?.name ?? route.slice(`GET ${base}/`.length),
          configuration_json: {},
          metadata: null,
          dimension: 3,
          tenant: 'default_tenant',
          database: 'default_database',
          log_position: 0,
          version: 0,
          schema: null,
        }
      }
      if (route === `POST ${base}/${COLLECTION_ID}/query`) {
        const queries = Array.isArray(body?.query_embeddings) ? body.query_embeddings.length : 1
        const ids = range(queries).map((q) => range(hits).map((i) => `doc-${q}-${i}`))
        return {
          ids,
          distances: ids.map((list) => list.map(() => 0.1)),
          documents: ids.map((list) => list.map(() => null)),
          metadatas: ids.map((list) => list.map(() => null)),
          embeddings: null,
          uris: null,
          include: body?.include ?? [],
        }
      }
      if (route === `POST ${base}/${COLLECTION_ID}/search`) {
        const ids = (body?.searches ?? []).map((_: unknown, q: number) =>
          range(hits).map((i) => `doc-${q}-${i}`),
        )
        const nulls = ids.map(() => null)
        return { ids, documents: nulls, embeddings: nulls, metadatas: nulls, scores: nulls, select: [] }
      }
      if (route === `POST ${base}/${COLLECTION_ID}/get`)
        return { ids: range(hits).map((i) => `doc-${i}`), include: [] }
      return undefined
    },
    (path) => path.endsWith('/query') || path.endsWith('/search') || path.endsWith('/get'),
    (status) => ({
      error: status >= 500 ? 'InternalError' : 'InvalidArgumentError',
      message: `fake failure ${status}`,
    }),
  )
}

/** Qdrant's REST API for any collection. */
export function startQdrant(): Promise<FakeStore> {
  const points = (hits: number) =>
    range(hits).map((i) => ({ id: i + 1, version: 0, score: 0.7, payload: null, vector: null }))
  const ok = (result: unknown) => ({ result, status: 'ok', time: 0.001 })
  return serve(
    (route, body, hits) => {
      if (route === 'GET /') return { title: 'qdrant - vector search engine', version: '1.19.0' }
      if (/^POST \/collections\/[^/]+\/points\/search$/.test(route)) return ok(points(hits))
      if (/^POST \/collections\/[^/]+\/points\/search\/batch$/.test(route))
        return ok((body?.searches ?? []).map(() => points(hits)))
      if (/^POST \/collections\/[^/]+\/points\/query$/.test(route)) return ok({ points: points(hits) })
      if (/^POST \/collections\/[^/]+\/points\/query\/batch$/.test(route))
        return ok((body?.searches ?? []).map(() => ({ points: points(hits) })))
      return undefined
    },
    (path) => /\/points\/(search|query)/.test(path),
    (status) => ({ status: { error: `fake failure ${status}` }, time: 0.001 }),
  )
}

/** A port nothing listens on (bound, then closed), for connection-refused errors. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  server.close()
  await once(server, 'close')
  return port
}
