import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapeFixture, serveSeries } from '../support/scrape-server.js'

// Fifty scrapes at once used to run fifty collections and serializations whose synchronous parts
// ran back to back, stalling the host's event loop for over a second.
describe('concurrent scrapes', () => {
  let fixture: ScrapeFixture | undefined
  afterEach(async () => {
    await fixture?.close()
  })

  it('share one collection, and a scrape after it finished gets a fresh one', async () => {
    const N = 20
    let arrived = 0
    let allArrived!: () => void
    const gate = new Promise<void>((resolve) => {
      allArrived = resolve
    })
    // The collection waits until every scrape has reached the handler, so all of them arrive
    // while it runs, whatever the scheduling.
    fixture = await serveSeries(
      2_000,
      { maxConcurrentScrapes: N },
      (handler) => (req, res) => {
        handler(req, res)
        if (++arrived === N) allArrived()
      },
      () => gate,
    )
    const responses = await Promise.all(Array.from({ length: N }, () => fetch(fixture!.url)))
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(200))
    expect(fixture.collects()).toBe(1)
    expect(new Set(bodies).size).toBe(1)
    expect(bodies[0]).toContain('jobs_total{shard="s1999"} 1\n')
    expect(bodies[0]).toContain('lat_seconds_bucket{shard="s11",le="+Inf"} 1\n')

    const later = await fetch(fixture.url)
    expect(later.status).toBe(200)
    expect(await later.text()).toBe(bodies[0])
    expect(fixture.collects()).toBe(2)
  })
})
