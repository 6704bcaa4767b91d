import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withAgent } from '../../../src/tracking/agent.js'
import { runRetrieval, startRetrieval } from '../../../src/tracking/retrieval.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { documentBuckets } from '../../support/retrieval-buckets.js'

describe('the retrieval tracker', () => {
  let h: Harness
  beforeEach(() => {
    h = createHarness({ maxValuesPerAttribute: 2 })
  })
  afterEach(() => h.close())

  const source = { 'gen_ai.provider.name': 'pgvector', 'gen_ai.data_source.id': 'docs' }
  const duration = { 'gen_ai.operation.name': 'retrieval', 'gen_ai.provider.name': 'pgvector' }

  it('records the duration as the retrieval operation, the documents and the outcome, once', async () => {
    const r = startRetrieval({ provider: 'pgvector', dataSource: 'docs' })
    r.end(12)
    r.end(3)
    r.fail(new Error('late'))
    expect(await h.histogram('llmeter.retrieval.documents', source)).toEqual({
      count: 1,
      sum: 12,
      counts: documentBuckets(12),
    })
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', duration))?.count).toBe(1)
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': '_OTHER' })).toBeUndefined()
  })

  it('records a failure by type, with no documents', async () => {
    startRetrieval({ provider: 'pgvector', dataSource: 'docs' }).fail(
      Object.assign(new Error('x'), { status: 503 }),
    )
    startRetrieval({ provider: 'pgvector', dataSource: 'docs' }).fail(new Error('y'), 'timeout')
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'server_error' })).toBe(1)
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'timeout' })).toBe(1)
    expect(
      (await h.histogram('gen_ai.client.operation.duration', { ...duration, 'error.type': 'timeout' }))
        ?.count,
    ).toBe(1)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toBeUndefined()
  })

  it('drops a bad document count and keeps an end without one to the duration and outcome', async () => {
    startRetrieval({ provider: 'pgvector', dataSource: 'docs' }).end(Number.NaN)
    startRetrieval({ provider: 'pgvector', dataSource: 'docs' }).end(-1)
    startRetrieval({ provider: 'pgvector', dataSource: 'docs' }).end()
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(3)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toBeUndefined()
  })

  it('bounds data source names through the label limiter', async () => {
    for (const name of ['a', 'b', 'c', 'd']) startRetrieval({ provider: 'pgvector', dataSource: name }).end(1)
    const m = await h.metric('llmeter.retrieval.requests')
    const points = m?.dataPoints.map((p) => [p.attributes['gen_ai.data_source.id'], p.value])
    expect(points).toEqual([
      ['a', 1],
      ['b', 1],
      ['_OTHER', 2],
    ])
    expect(
      await h.value('llmeter.attribute.overflows', { 'llmeter.attribute.key': 'gen_ai.data_source.id' }),
    ).toBe(2)
  })

  it('is not counted as a tool call of the agent it runs in', async () => {
    await withAgent('rag', async () => startRetrieval({ provider: 'pgvector' }).end(1))
    expect((await h.histogram('gen_ai.invoke_agent.tool_calls', { 'gen_ai.agent.name': 'rag' }))?.sum).toBe(0)
  })

  it('never throws on hostile options', () => {
    const hostile = new Proxy({} as { provider: string }, {
      get() {
        throw new Error('boom')
      },
    })
    expect(() => startRetrieval(hostile).end(1)).not.toThrow()
  })
})

describe('runRetrieval', () => {
  let h: Harness
  beforeEach(() => {
    h = createHarness()
  })
  afterEach(() => h.close())

  const plan = { options: { provider: 'store', dataSource: 'kb' }, count: (r: { n: number }) => r.n }
  const source = { 'gen_ai.provider.name': 'store', 'gen_ai.data_source.id': 'kb' }

  it('returns the very promise the method returned and records it when it settles', async () => {
    const promise = Promise.resolve({ n: 4 })
    const got = runRetrieval(
      () => promise,
      undefined,
      [],
      () => plan,
      () => h.recorder,
    )
    expect(got).toBe(promise)
    await got
    await Promise.resolve()
    expect((await h.histogram('llmeter.retrieval.documents', source))?.sum).toBe(4)
  })

  it('hands the host the same rejection and records it once when a call nests another', async () => {
    const error = Object.assign(new Error('nope'), { status: 404 })
    const inner = () =>
      runRetrieval(
        () => Promise.reject(error),
        undefined,
        [],
        () => plan,
        () => h.recorder,
      )
    const outer = runRetrieval(
      inner,
      undefined,
      [],
      () => plan,
      () => h.recorder,
    )
    await expect(outer).rejects.toBe(error)
    await Promise.resolve()
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': 'invalid_request' })).toBe(
      1,
    )
  })

  it('changes nothing for the host when recording throws', async () => {
    const result = { n: 2 }
    const broken = () => {
      throw new Error('recorder gone')
    }
    await expect(
      runRetrieval(
        async () => result,
        undefined,
        [],
        () => plan,
        broken,
      ),
    ).resolves.toBe(result)
    const hostile = {
      options: plan.options,
      count: () => {
        throw new Error('unreadable')
      },
    }
    await expect(
      runRetrieval(
        async () => result,
        undefined,
        [],
        () => hostile,
        () => h.recorder,
      ),
    ).resolves.toBe(result)
    await Promise.resolve()
    expect(await h.value('llmeter.retrieval.requests', source)).toBe(1)
    expect(await h.histogram('llmeter.retrieval.documents', source)).toBeUndefined()
  })

  it('rethrows a synchronous throw and calls the method untracked when describe throws', async () => {
    const error = new Error('sync')
    expect(() =>
      runRetrieval(
        () => {
          throw error
        },
        undefined,
        [],
        () => plan,
        () => h.recorder,
      ),
    ).toThrow(error)
    const value = runRetrieval(
      () => 7,
      undefined,
      [],
      () => {
        throw new Error('bad plan')
      },
      () => h.recorder,
    )
    expect(value).toBe(7)
    expect(await h.value('llmeter.retrieval.requests', { ...source, 'error.type': '_OTHER' })).toBe(1)
    expect(await h.value('llmeter.retrieval.requests', source)).toBeUndefined()
  })
})
