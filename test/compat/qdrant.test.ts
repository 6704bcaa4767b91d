// @qdrant/js-client-rest at the low and the high end of SUPPORTED_QDRANT_VERSIONS: the real client
// of each version, patched through its module exports as the load hook does, against a local fake of
// Qdrant's REST API. 1.12 has search/searchBatch and query/queryBatch; 1.19 only the query pair.
import * as qdrantHigh from '@qdrant/js-client-rest'
import * as qdrantLow from '@qdrant/js-client-rest-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../src/instrumentations/instrument.js'
import { SUPPORTED_QDRANT_VERSIONS } from '../../src/instrumentations/qdrant/index.js'
import { patchQdrantExports, unpatchQdrantExports } from '../../src/instrumentations/qdrant/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { documentBuckets } from '../support/retrieval-buckets.js'
import { closedPort, type FakeStore, startQdrant } from '../support/retrieval-servers.js'
import { expectDeclared, installedVersion, MATRIX } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.qdrant.low, module: qdrantLow as any },
  { end: 'high', name: MATRIX.qdrant.high, module: qdrantHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const source = { 'gen_ai.provider.name': 'qdrant', 'gen_ai.data_source.id': 'kb' }

describe.each(rows)('@qdrant/js-client-rest $version ($end end, $name)', ({ module, version }) => {
  let store: FakeStore
  let h: Harness
  let client: any
  const duration = (errorType?: string) => ({
    'gen_ai.operation.name': 'retrieval',
    'gen_ai.provider.name': 'qdrant',
    'server.address': '127.0.0.1',
    'server.port': store.port,
    ...(errorType ? { 'error.type': errorType } : {}),
  })

  beforeAll(async () => {
    expectDeclared(version, SUPPORTED_QDRANT_VERSIONS)
    store = await startQdrant()
    patchQdrantExports(module, defaultRecorder)
    client = new module.QdrantClient({ url: store.url, checkCompatibility: false })
  })
  afterAll(async () => {
    unpatchQdrantExports(module)
    await store.close()
  })
  beforeEach(() => {
    h = createHarness()
    store.hits = 3
  })
  afterEach(() => h.close())

  it('records a query with its points, duration and outcome', async () => {
    const result = await client.query('kb', { query: [0.1, 0.2], limit: 3 })
    expect(result.points.map((p: { id: number }) => p.id)).toEqual([1, 2, 3])
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 3,
      counts: documentBuckets(3),
    })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', duration()))?.count).toBe(1)
  })

  it('counts every point of a batch as the documents of one retrieval', async () => {
    store.hits = 6
    const searches = [
      { query: [0.1], limit: 6 },
      { query: [0.2], limit: 6 },
    ]
    const batch = await client.queryBatch('kb', { searches })
    expect(batch).toHaveLength(2)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 12,
      counts: documentBuckets(12),
    })
  })

  it('records search and searchBatch where the release has them (1.19 has neither)', async () => {
    if (version !== '1.12.0') {
      expect([client.search, client.searchBatch]).toEqual([undefined, undefined])
      return
    }
    store.hits = 2
    await client.search('kb', { vector: [0.1, 0.2], limit: 2 })
    await client.searchBatch('kb', {
      searches: [
        { vector: [0.1], limit: 2 },
        { vector: [0.2], limit: 2 },
      ],
    })
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 2,
      sum: 6,
      counts: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    })
    expect(store.paths.slice(-2)).toEqual([
      'POST /collections/kb/points/search',
      'POST /collections/kb/points/search/batch',
    ])
  })

  it('records an empty result in the 0 bucket', async () => {
    store.hits = 0
    expect((await client.query('kb', { query: [0.1], limit: 3 })).points).toEqual([])
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 0,
      counts: documentBuckets(0),
    })
  })

  it('classifies 4xx, 429 and 5xx errors and hands the host the same rejection', async () => {
    for (const status of [400, 429, 500]) {
      store.failNext(status)
      await expect(client.query('kb', { query: [0.1] })).rejects.toMatchObject({ status })
    }
    for (const type of ['invalid_request', 'rate_limit', 'server_error']) {
      expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': type })).toBe(1)
      expect((await h.histogram('gen_ai.client.operation.duration', duration(type)))?.count).toBe(1)
    }
  })

  it('classifies a refused connection as network', async () => {
    const port = await closedPort()
    const offline = new module.QdrantClient({ url: `http://127.0.0.1:${port}`, checkCompatibility: false })
    await expect(offline.query('kb', { query: [0.1] })).rejects.toThrow()
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'network' })).toBe(1)
  })

  it('counts once when instrument(client) is used on top of the load-time patch', async () => {
    const c = instrument(new module.QdrantClient({ url: store.url, checkCompatibility: false }))
    await c.query('kb', { query: [0.1], limit: 3 })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
  })
})
