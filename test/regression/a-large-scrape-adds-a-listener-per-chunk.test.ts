import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapeFixture, serveSeries } from '../support/scrape-server.js'

// Every chunk that hit back-pressure left a `close` listener on the response, so Node printed
// MaxListenersExceededWarning on the host's stderr during large scrapes.
describe('a large scrape', () => {
  let fixture: ScrapeFixture | undefined
  const warnings: string[] = []
  const onWarning = (w: Error) => warnings.push(w.name)
  afterEach(async () => {
    process.off('warning', onWarning)
    await fixture?.close()
  })

  it('keeps a constant number of listeners on the response and emits no warning', async () => {
    process.on('warning', onWarning)
    const counts: number[] = []
    fixture = await serveSeries(5_000, {}, (handler) => (req, res) => {
      res.on('drain', () => counts.push(res.listenerCount('close') + res.listenerCount('drain')))
      handler(req, res)
    })
    const text = await (await fetch(fixture.url)).text()
    expect(text).toContain('jobs_total{shard="s4999"} 1\n')
    // Back-pressure happened often enough for a per-chunk listener to pass Node's limit of 10.
    expect(counts.length).toBeGreaterThan(20)
    expect(new Set(counts).size).toBe(1)
    expect(warnings).toEqual([])
  })
})
