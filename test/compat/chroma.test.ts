// chromadb at the low and the high end of SUPPORTED_CHROMADB_VERSIONS: the real client of each
// version, patched through its module exports as the load hook does, against a local fake of
// Chroma's HTTP API v2.
import * as chromaHigh from 'chromadb'
import * as chromaLow from 'chromadb-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_CHROMADB_VERSIONS } from '../../src/instrumentations/chromadb/index.js'
import { patchChromaExports, unpatchChromaExports } from '../../src/instrumentations/chromadb/patch.js'
import { instrument } from '../../src/instrumentations/instrument.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { documentBuckets } from '../support/retrieval-buckets.js'
import { closedPort, type FakeStore, startChroma } from '../support/retrieval-servers.js'
import { expectDeclared, installedVersion, MATRIX } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.chromadb.low, module: chromaLow as any },
  { end: 'high', name: MATRIX.chromadb.high, module: chromaHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const source = { 'gen_ai.provider.name': 'chroma', 'gen_ai.data_source.id': 'kb' }
/** The app's own embedding function (3.0 requires one); queries here pass embeddings anyway. */
const embeddingFunction = { generate: async (texts: string[]) => texts.map(() => [0.1, 0.2, 0.3]) }
const query = { queryEmbeddings: [[0.1, 0.2, 0.3]], nResults: 3 }

describe.each(rows)('chromadb $version ($end end, $name)', ({ module, version }) => {
  let store: FakeStore
  let h: Harness
  const duration = (errorType?: string) => ({
    'gen_ai.operation.name': 'retrieval',
    'gen_ai.provider.name': 'chroma',
    'server.address': '127.0.0.1',
    'server.port': store.port,
    ...(errorType ? { 'error.type': errorType } : {}),
  })
  const collection = (port = store.port) =>
    new module.ChromaClient({ host: '127.0.0.1', port, ssl: false }).getOrCreateCollection({
      name: 'kb',
      embeddingFunction,
    })

  beforeAll(async () => {
    expectDeclared(version, SUPPORTED_CHROMADB_VERSIONS)
    store = await startChroma()
    patchChromaExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchChromaExports(module)
    await store.close()
  })
  beforeEach(() => {
    h = createHarness()
    store.hits = 3
  })
  afterEach(() => h.close())

  it('records a query with its documents, duration and outcome', async () => {
    const result = await (await collection()).query(query)
    expect(result.ids).toEqual([['doc-0-0', 'doc-0-1', 'doc-0-2']])
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 3,
      counts: documentBuckets(3),
    })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', duration()))?.count).toBe(1)
  })

  it('counts the documents of every query embedding', async () => {
    store.hits = 4
    await (await collection()).query({
      queryEmbeddings: [
        [0.1, 0.2, 0.3],
        [0.3, 0.2, 0.1],
      ],
      nResults: 4,
    })
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 8,
      counts: documentBuckets(8),
    })
  })

  it('records a search of the Search API where the release has it (3.0 has none)', async () => {
    const c = await collection()
    if (version === '3.0.0') {
      expect(c.search).toBeUndefined()
      return
    }
    store.hits = 2
    const search = new module.Search().rank(module.Knn({ query: [0.1, 0.2, 0.3], limit: 2 })).limit(2)
    const result = await c.search([search, search])
    expect(result.ids).toEqual([
      ['doc-0-0', 'doc-0-1'],
      ['doc-1-0', 'doc-1-1'],
    ])
    expect(store.paths.at(-1)).toMatch(/\/search$/)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 4,
      counts: documentBuckets(4),
    })
  })

  it('records an empty result in the 0 bucket, and leaves get() unrecorded', async () => {
    store.hits = 0
    const c = await collection()
    expect((await c.query(query)).ids).toEqual([[]])
    await c.get({ ids: ['doc-0'] })
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 0,
      counts: documentBuckets(0),
    })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
  })

  it('classifies 4xx and 5xx errors and hands the host the same rejection', async () => {
    const c = await collection()
    store.failNext(400)
    await expect(c.query(query)).rejects.toMatchObject({ name: 'ChromaClientError' })
    store.failNext(500)
    // 3.0 throws its connection error for a 5xx (its message says the server answered).
    const serverError = version === '3.0.0' ? 'ChromaConnectionError' : 'ChromaServerError'
    await expect(c.query(query)).rejects.toMatchObject({ name: serverError })
    for (const type of ['invalid_request', 'server_error']) {
      expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': type })).toBe(1)
      expect((await h.histogram('gen_ai.client.operation.duration', duration(type)))?.count).toBe(1)
    }
  })

  it('classifies a refused connection as network', async () => {
    const c = await collection()
    const port = await closedPort()
    c.apiClient.setConfig({ baseUrl: `http://127.0.0.1:${port}` })
    await expect(c.query(query)).rejects.toMatchObject({ name: 'ChromaConnectionError' })
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'network' })).toBe(1)
  })

  it('counts once when instrument(collection) is used on top of the load-time patch', async () => {
    const c = instrument(await collection())
    await c.query(query)
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
  })
})
