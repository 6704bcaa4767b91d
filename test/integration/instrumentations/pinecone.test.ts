// The real @pinecone-database/pinecone 9.0.0 client (the only 9.x release), patched through its
// module exports as the load hook does, against a local fake of Pinecone's data plane with the index
// host given directly to `pc.index(name, host)`.
import * as pinecone from '@pinecone-database/pinecone'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { SUPPORTED_PINECONE_VERSIONS } from '../../../src/instrumentations/pinecone/index.js'
import { patchPineconeExports, unpatchPineconeExports } from '../../../src/instrumentations/pinecone/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { expectDeclared, installedVersion } from '../../compat/support/matrix.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { documentBuckets as buckets } from '../../support/retrieval-buckets.js'
import { closedPort, type FakeStore, startPinecone } from '../../support/retrieval-servers.js'

describe('Pinecone index queries as retrievals', () => {
  let store: FakeStore
  let h: Harness
  let pc: pinecone.Pinecone
  const source = { 'gen_ai.provider.name': 'pinecone', 'gen_ai.data_source.id': 'docs' }
  const duration = (errorType?: string) => ({
    'gen_ai.operation.name': 'retrieval',
    'gen_ai.provider.name': 'pinecone',
    'server.address': '127.0.0.1',
    'server.port': store.port,
    ...(errorType ? { 'error.type': errorType } : {}),
  })

  beforeAll(async () => {
    expectDeclared(installedVersion('@pinecone-database/pinecone'), SUPPORTED_PINECONE_VERSIONS)
    store = await startPinecone()
    patchPineconeExports(pinecone, defaultRecorder)
    pc = new pinecone.Pinecone({ apiKey: 'test-key' })
  })
  afterAll(async () => {
    unpatchPineconeExports(pinecone)
    await store.close()
  })
  beforeEach(() => {
    h = createHarness()
    store.hits = 3
  })
  afterEach(() => h.close())

  it('records a query with its documents, duration and outcome', async () => {
    const result = await pc.index('docs', store.url).query({ vector: [0.1, 0.2], topK: 5 })
    expect(result.matches.map((m) => m.id)).toEqual(['vec-0', 'vec-1', 'vec-2'])
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 3,
      counts: buckets(3),
    })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', duration()))?.count).toBe(1)
  })

  it('records searchRecords hits and sums documents over queries', async () => {
    store.hits = 7
    const index = pc.index('docs', store.url)
    await index.searchRecords({ query: { topK: 7, inputs: { text: 'refund policy' } } })
    await index.query({ id: 'vec-0', topK: 10 })
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 2,
      sum: 14,
      counts: buckets(7, 2),
    })
  })

  it('records an empty result in the 0 bucket', async () => {
    store.hits = 0
    const result = await pc.index('docs', store.url).query({ vector: [0.1], topK: 3 })
    expect(result.matches).toEqual([])
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 0,
      counts: buckets(0),
    })
  })

  it('classifies 4xx, 429 and 5xx errors and hands the host the same rejection', async () => {
    const index = pc.index('docs', store.url)
    store.failNext(400)
    await expect(index.query({ vector: [0.1], topK: 3 })).rejects.toMatchObject({
      name: 'PineconeBadRequestError',
    })
    store.failNext(429)
    await expect(index.query({ vector: [0.1], topK: 3 })).rejects.toMatchObject({
      name: 'PineconeUnmappedHttpError',
    })
    const noRetries = new pinecone.Pinecone({ apiKey: 'test-key', maxRetries: 0 }).index('docs', store.url)
    store.failNext(500)
    await expect(noRetries.query({ vector: [0.1], topK: 3 })).rejects.toMatchObject({
      name: 'PineconeMaxRetriesExceededError',
    })
    for (const type of ['invalid_request', 'rate_limit', 'server_error']) {
      expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': type })).toBe(1)
      expect((await h.histogram('gen_ai.client.operation.duration', duration(type)))?.count).toBe(1)
    }
    expect(await h.histogram('llmeter.retrieval.documents', source)).toBeUndefined()
  })

  it('counts a 5xx the client retried as one successful retrieval', async () => {
    const before = store.paths.length
    store.failNext(503)
    const result = await pc.index('docs', store.url).query({ vector: [0.1], topK: 3 })
    expect(result.matches).toHaveLength(3)
    expect(store.paths.length - before).toBe(2)
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    expect(
      await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'server_error' }),
    ).toBeUndefined()
  })

  it('classifies a refused connection as network', async () => {
    const port = await closedPort()
    const index = pc.index('docs', `http://127.0.0.1:${port}`)
    await expect(index.query({ vector: [0.1], topK: 3 })).rejects.toMatchObject({
      name: 'PineconeConnectionError',
    })
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'network' })).toBe(1)
    expect(
      (await h.histogram('gen_ai.client.operation.duration', { ...duration('network'), 'server.port': port }))
        ?.count,
    ).toBe(1)
  })

  it('counts once when instrument(index) is used on top of the load-time patch', async () => {
    const index = instrument(pc.index('docs', store.url))
    await index.query({ vector: [0.1], topK: 3 })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
  })

  it('leaves a fetch by id unrecorded: it is not a retrieval', async () => {
    const result = await pc.index('docs', store.url).fetch({ ids: ['vec-0'] })
    expect(result.records).toEqual({})
    expect(store.paths.at(-1)).toBe('GET /vectors/fetch')
    expect((await h.metric('llmeter.retrieval.requests'))?.dataPoints ?? []).toEqual([])
  })
})

describe('instrument(index) without the load-time patch', () => {
  it('records that index only', async () => {
    const store = await startPinecone()
    const h = createHarness()
    try {
      const pc = new pinecone.Pinecone({ apiKey: 'test-key' })
      const plain = pc.index('plain', store.url)
      const measured = instrument(pc.index('measured', store.url))
      await plain.query({ vector: [0.1], topK: 3 })
      await measured.query({ vector: [0.1], topK: 3 })
      const m = await h.metric('llmeter.retrieval.requests')
      expect(m?.dataPoints.map((p) => [p.attributes['gen_ai.data_source.id'], p.value])).toEqual([
        ['measured', 1],
      ])
    } finally {
      await h.close()
      await store.close()
    }
  })
})
