import { describe, expect, it } from 'vitest'
import { startMetricsServer } from '../../src/exporters/prometheus/server.js'

describe('closing the scrape server while its listen is still pending', () => {
  it('waits for the listen and then closes, so the port is not kept', async () => {
    const metrics = startMetricsServer({ host: '127.0.0.1', port: 0, endpoint: '/metrics' }, (_req, res) =>
      res.end(),
    )
    // Called before the server listens (the listen completes on a later tick).
    const closed = metrics.close()
    const port = await metrics.listening
    await closed
    expect(typeof port).toBe('number')
    expect(metrics.server.listening).toBe(false)
  })
})
