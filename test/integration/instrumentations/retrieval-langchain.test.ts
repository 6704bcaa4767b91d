// LangChain retrievers through the llmeter callback handler: a retriever over any store is one
// retrieval; a vector-store retriever over a Chroma client that llmeter patched is recorded by the
// client patch alone (with its collection and server), so it counts once.
import { Document } from '@langchain/core/documents'
import { BaseRetriever } from '@langchain/core/retrievers'
import { FakeEmbeddings } from '@langchain/core/utils/testing'
import { VectorStore } from '@langchain/core/vectorstores'
import * as chromadb from 'chromadb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { patchChromaExports, unpatchChromaExports } from '../../../src/instrumentations/chromadb/patch.js'
import { LlmeterCallbackHandler } from '../../../src/instrumentations/langchain/handler.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { documentBuckets } from '../../support/retrieval-buckets.js'
import { type FakeStore, startChroma } from '../../support/retrieval-servers.js'

/** A retriever over the app's own store (no vector store class): returns `n` documents. */
class KeywordRetriever extends BaseRetriever {
  override lc_namespace = ['tests', 'retrievers']
  constructor(
    private readonly n: number,
    private readonly error?: Error,
  ) {
    super({})
  }
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    if (this.error) throw this.error
    return Array.from({ length: this.n }, (_, i) => new Document({ pageContent: `${query} ${i}` }))
  }
}

/** The shape of a LangChain Chroma store: its type is `chroma`, its search the collection's query. */
class ChromaStore extends VectorStore {
  declare FilterType: object
  constructor(private readonly collection: any) {
    super(new FakeEmbeddings(), {})
  }
  override _vectorstoreType(): string {
    return 'chroma'
  }
  async addVectors(): Promise<void> {}
  async addDocuments(): Promise<void> {}
  async similaritySearchVectorWithScore(query: number[], k: number): Promise<[Document, number][]> {
    const result = await this.collection.query({ queryEmbeddings: [query], nResults: k })
    return result.ids[0].map((id: string, i: number) => [
      new Document({ pageContent: id }),
      result.distances[0][i],
    ])
  }
}

let store: FakeStore
let h: Harness
const callbacks = () => ({ callbacks: [new LlmeterCallbackHandler()] })
const embeddingFunction = { generate: async (texts: string[]) => texts.map(() => [0.1, 0.2, 0.3, 0.4]) }
const chromaCollection = () =>
  new chromadb.ChromaClient({ host: '127.0.0.1', port: store.port, ssl: false }).getOrCreateCollection({
    name: 'kb',
    embeddingFunction,
  })

beforeAll(async () => {
  store = await startChroma()
})
afterAll(() => store.close())
beforeEach(() => {
  h = createHarness()
  store.hits = 3
})
afterEach(() => h.close())

describe('a LangChain retriever over any store', () => {
  const source = { 'gen_ai.provider.name': 'KeywordRetriever' }

  it('is one retrieval with the documents it returned', async () => {
    const docs = await new KeywordRetriever(4).invoke('refunds', callbacks())
    expect(docs).toHaveLength(4)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 4,
      counts: documentBuckets(4),
    })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    const duration = { 'gen_ai.operation.name': 'retrieval', 'gen_ai.provider.name': 'KeywordRetriever' }
    expect((await h.histogram('gen_ai.client.operation.duration', duration))?.count).toBe(1)
  })

  it('records an empty result and a failure by type', async () => {
    await new KeywordRetriever(0).invoke('nothing', callbacks())
    const error = Object.assign(new Error('search backend down'), { status: 503 })
    await expect(new KeywordRetriever(1, error).invoke('x', callbacks())).rejects.toBe(error)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 0,
      counts: documentBuckets(0),
    })
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'server_error' })).toBe(1)
  })
})

describe('a LangChain vector-store retriever over a Chroma client', () => {
  it('is recorded by the Chroma patch alone when llmeter patched the client', async () => {
    patchChromaExports(chromadb, defaultRecorder)
    try {
      const retriever = new ChromaStore(await chromaCollection()).asRetriever(3)
      expect(await retriever.invoke('refunds', callbacks())).toHaveLength(3)
      const m = await h.metric('llmeter.retrieval.requests')
      expect(m?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
        [{ 'gen_ai.provider.name': 'chroma', 'gen_ai.data_source.id': 'kb' }, 1],
      ])
    } finally {
      unpatchChromaExports(chromadb)
    }
  })

  it('is recorded by the handler when the client is not patched', async () => {
    const retriever = new ChromaStore(await chromaCollection()).asRetriever(2)
    store.hits = 2
    expect(await retriever.invoke('refunds', callbacks())).toHaveLength(2)
    const m = await h.metric('llmeter.retrieval.requests')
    expect(m?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ 'gen_ai.provider.name': 'chroma' }, 1],
    ])
    expect(
      (await h.histogram('llmeter.retrieval.documents', { 'gen_ai.provider.name': 'chroma' }))?.sum,
    ).toBe(2)
  })
})
