import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, startChildApp } from '../../support/child-app.js'
import { promtoolCheckMetrics } from '../../support/promtool.js'
import { type FakeStore, startChroma, startPinecone, startQdrant } from '../../support/retrieval-servers.js'
import { scrapeValue } from '../../support/scrape-value.js'

// An app querying Pinecone, Chroma and Qdrant with their real clients, and LangChain retrievers,
// loaded as ES modules under `node --import llmeter/register` and no llmeter code: every query is
// scraped as one retrieval with its documents, the Pinecone 500 by its type, and a LangChain
// retriever over the patched Chroma client once.
describe('an app using pinecone, chromadb and qdrant under --import llmeter/register', () => {
  let stores: FakeStore[] = []
  let app: ChildApp
  let text = ''
  beforeAll(async () => {
    const [pinecone, chroma, qdrant] = await Promise.all([startPinecone(), startChroma(), startQdrant()])
    stores = [pinecone!, chroma!, qdrant!]
    app = await startChildApp(['--import', 'llmeter/register', 'test/fixtures/apps/retrieval-clients.mjs'], {
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      PINECONE_URL: pinecone!.url,
      CHROMA_PORT: String(chroma!.port),
      QDRANT_URL: qdrant!.url,
    })
    text = await (await fetch(app.info.metricsUrl!)).text()
  })
  afterAll(async () => {
    await app?.stop('SIGKILL')
    await Promise.all(stores.map((s) => s.close()))
  })

  const value = (series: string) => scrapeValue(text, series)
  const src = (provider: string, source: string) =>
    `gen_ai_provider_name="${provider}",gen_ai_data_source_id="${source}"`

  it('counts every query by data source and outcome', () => {
    expect(value(`llmeter_retrieval_requests_total{${src('pinecone', 'docs')}}`)).toBe(2)
    expect(
      value(`llmeter_retrieval_requests_total{${src('pinecone', 'docs')},error_type="server_error"}`),
    ).toBe(1)
    // Two direct queries and one through a LangChain vector-store retriever, recorded by the patch.
    expect(value(`llmeter_retrieval_requests_total{${src('chroma', 'kb')}}`)).toBe(3)
    expect(value('llmeter_retrieval_requests_total{gen_ai_provider_name="chroma"}')).toBeUndefined()
    expect(value('llmeter_retrieval_requests_total{gen_ai_provider_name="KeywordRetriever"}')).toBe(1)
    expect(value(`llmeter_retrieval_requests_total{${src('qdrant', 'kb')}}`)).toBe(2)
  })

  it('has the documents returned per retrieval, bucket by bucket', () => {
    const docs = (labels: string, le: string) =>
      value(`llmeter_retrieval_documents_bucket{${labels},le="${le}"}`)
    for (const [labels, sum] of [
      [src('pinecone', 'docs'), 6],
      [src('chroma', 'kb'), 9],
    ] as const) {
      const n = sum / 3
      expect([docs(labels, '2'), docs(labels, '5'), docs(labels, '+Inf')]).toEqual([0, n, n])
      expect(value(`llmeter_retrieval_documents_sum{${labels}}`)).toBe(sum)
    }
    const qdrant = src('qdrant', 'kb')
    expect([docs(qdrant, '2'), docs(qdrant, '5'), docs(qdrant, '10'), docs(qdrant, '+Inf')]).toEqual([
      0, 1, 2, 2,
    ])
    expect(value(`llmeter_retrieval_documents_sum{${qdrant}}`)).toBe(9)
  })

  it('records the query duration as the retrieval operation, and promtool accepts the scrape', () => {
    const count = (provider: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('gen_ai_client_operation_duration_seconds_count{'))
        .filter(
          (l) =>
            l.includes('gen_ai_operation_name="retrieval"') &&
            l.includes(`gen_ai_provider_name="${provider}"`),
        )
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0)
    expect([count('pinecone'), count('chroma'), count('qdrant'), count('KeywordRetriever')]).toEqual([
      3, 3, 2, 1,
    ])
    const check = promtoolCheckMetrics(text)
    expect(check.status, check.output).toBe(0)
  })
})
