// LangChain retrievers at the low end of the LangChain hook's range (@langchain/core 0.3.0; the
// high end, 1.4.0, is test/integration/instrumentations/retrieval-langchain.test.ts). llmeter's
// handler imports BaseCallbackHandler from '@langchain/core': here that import is the low release.
import { Document } from '@langchain/core-low/documents'
import { BaseRetriever } from '@langchain/core-low/retrievers'
import { FakeEmbeddings } from '@langchain/core-low/utils/testing'
import { VectorStore } from '@langchain/core-low/vectorstores'
import * as chromadb from 'chromadb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { patchChromaExports, unpatchChromaExports } from '../../src/instrumentations/chromadb/patch.js'
import { LlmeterCallbackHandler } from '../../src/instrumentations/langchain/handler.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { documentBuckets } from '../support/retrieval-buckets.js'
import { type FakeStore, startChroma } from '../support/retrieval-servers.js'
import { installedVersion, MATRIX } from './support/matrix.js'

vi.mock('@langchain/core/callbacks/base', () => import('@langchain/core-low/callbacks/base'))

class KeywordRetriever extends BaseRetriever {
  override lc_namespace = ['tests', 'retrievers']
  constructor(private readonly n: number) {
    super({})
  }
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return Array.from({ length: this.n }, (_, i) => new Document({ pageContent: `${query} ${i}` }))
  }
}

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

describe(`@langchain/core ${installedVersion(MATRIX.langchain.low)} retrievers (low end)`, () => {
  let store: FakeStore
  let h: Harness
  const callbacks = () => ({ callbacks: [new LlmeterCallbackHandler()] })
  beforeAll(async () => {
    expect(installedVersion(MATRIX.langchain.low)).toBe('0.3.0')
    store = await startChroma()
  })
  afterAll(() => store.close())
  beforeEach(() => {
    h = createHarness()
  })
  afterEach(() => h.close())

  it('records a retriever run as one retrieval with its documents', async () => {
    expect(await new KeywordRetriever(5).invoke('refunds', callbacks())).toHaveLength(5)
    expect(
      await h.histogram('llmeter.retrieval.documents', { 'gen_ai.provider.name': 'KeywordRetriever' }),
    ).toEqual({
      count: 1,
      sum: 5,
      counts: documentBuckets(5),
    })
  })

  it('leaves a vector-store retriever over the patched Chroma client to the client patch', async () => {
    patchChromaExports(chromadb, defaultRecorder)
    try {
      const collection = await new chromadb.ChromaClient({
        host: '127.0.0.1',
        port: store.port,
        ssl: false,
      }).getOrCreateCollection({
        name: 'kb',
        embeddingFunction: { generate: async (t: string[]) => t.map(() => [0.1]) },
      })
      store.hits = 3
      expect(await new ChromaStore(collection).asRetriever(3).invoke('refunds', callbacks())).toHaveLength(3)
      const m = await h.metric('llmeter.retrieval.requests')
      expect(m?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
        [{ 'gen_ai.provider.name': 'chroma', 'gen_ai.data_source.id': 'kb' }, 1],
      ])
    } finally {
      unpatchChromaExports(chromadb)
    }
  })
})
