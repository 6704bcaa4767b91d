import type { ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapeFixture, serveSeries } from '../support/scrape-server.js'

// A client that sent a scrape request and never read the answer was kept open forever, holding
// its own copy of the collection: 100 of them held 170 MB with an 11 MiB exposition.
describe('a scrape client that never reads', () => {
  let fixture: ScrapeFixture | undefined
  afterEach(async () => {
    await fixture?.close()
  })

  it('is cut off after the scrape timeout, and its slot is free again', async () => {
    let held: ServerResponse | undefined
    let heldOpened!: () => void
    const opened = new Promise<void>((resolve) => {
      heldOpened = resolve
    })
    fixture = await serveSeries(20_000, { scrapeTimeoutMillis: 300, maxConcurrentScrapes: 1 }, (handler) => {
      return (req, res) => {
        if (held === undefined) {
          held = res
          heldOpened()
        }
        handler(req, res)
      }
    })
    const silent = connect(fixture.port, '127.0.0.1')
    silent.pause() // never reads: the server's writes back up once the kernel buffers are full (20 MB body)
    silent.on('error', () => {})
    silent.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n')
    await opened
    const socketClosed = new Promise<void>((resolve) => held!.socket!.once('close', () => resolve()))

    // While it holds the only slot, another scrape is refused at once.
    const refused = await fetch(fixture.url)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.text()).toBe('# llmeter: too many concurrent scrapes\n')

    await socketClosed
    expect(held!.destroyed).toBe(true)
    expect(held!.writableFinished).toBe(false) // cut off, not completed
    silent.destroy()

    const after = await fetch(fixture.url)
    expect(after.status).toBe(200)
    expect(await after.text()).toContain('jobs_total{shard="s19999"} 1\n')
  })
})
