import { createServer, type ServerResponse } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createScrapeHandler,
  type ScrapeHandlerOptions,
} from '../../src/exporters/prometheus/scrape-handler.js'
import { type ScrapeFixture, serveSeries } from '../support/scrape-server.js'

// A client that sent a scrape request and never read the answer was kept open forever, holding
// its own copy of the collection: 100 of them held 170 MB with an 11 MiB exposition.
describe('a scrape client that never reads', () => {
  let fixture: ScrapeFixture | undefined
  let silent: Socket | undefined
  afterEach(async () => {
    silent?.destroy()
    await fixture?.close()
  })

  /** Serves 20,000 series (a 20 MB body, more than loopback buffers hold) and connects a client that never reads. */
  async function holdOne(options: ScrapeHandlerOptions): Promise<ServerResponse> {
    let held: ServerResponse | undefined
    let heldOpened!: () => void
    const opened = new Promise<void>((resolve) => {
      heldOpened = resolve
    })
    fixture = await serveSeries(20_000, options, (handler) => (req, res) => {
      if (held === undefined) {
        held = res
        heldOpened()
      }
      handler(req, res)
    })
    silent = connect(fixture.port, '127.0.0.1')
    silent.pause()
    silent.on('error', () => {})
    silent.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n')
    await opened
    return held!
  }

  it('is cut off after the scrape timeout, and the next scrape is served', async () => {
    const held = await holdOne({ scrapeTimeoutMillis: 300, maxConcurrentScrapes: 1 })
    await new Promise<void>((resolve) => held.socket!.once('close', () => resolve()))
    expect(held.destroyed).toBe(true)
    expect(held.writableFinished).toBe(false) // cut off, not completed
    // The slot is free again: a handler on the same reader with the same bound of 1 (and a timeout
    // long enough for a 20 MB body on a busy machine) serves the next scrape.
    const patient = createServer(createScrapeHandler(fixture!.reader, { maxConcurrentScrapes: 1 }))
    await new Promise<void>((resolve) => patient.listen(0, '127.0.0.1', resolve))
    try {
      const after = await fetch(`http://127.0.0.1:${(patient.address() as AddressInfo).port}/`)
      expect(after.status).toBe(200)
      expect(await after.text()).toContain('jobs_total{shard="s19999"} 1\n')
    } finally {
      patient.closeAllConnections()
      patient.close()
    }
  })

  it('holding the only slot, makes the next scrape get 503 at once; the slot frees when it goes', async () => {
    const held = await holdOne({ scrapeTimeoutMillis: 60_000, maxConcurrentScrapes: 1 })
    const refused = await fetch(fixture!.url)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.text()).toBe('# llmeter: too many concurrent scrapes\n')
    const closed = new Promise<void>((resolve) => held.once('close', () => resolve()))
    silent!.destroy()
    await closed
    const after = await fetch(fixture!.url)
    expect(after.status).toBe(200)
    expect(await after.text()).toContain('jobs_total{shard="s19999"} 1\n')
  })
})
