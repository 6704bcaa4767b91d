import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../src/config.js'

describe('scrape bounds in the configuration', () => {
  it('reads the timeout and the concurrency bound from the environment', () => {
    const { config, problems } = resolveConfig(
      {},
      { LLMETER_PROMETHEUS_SCRAPE_TIMEOUT: '5000', LLMETER_PROMETHEUS_MAX_CONCURRENT_SCRAPES: '3' },
    )
    expect(problems).toEqual([])
    expect(config.prometheus.scrapeTimeoutMillis).toBe(5_000)
    expect(config.prometheus.maxConcurrentScrapes).toBe(3)
  })

  it('lets code win over the environment, and falls back to the default on a bad value', () => {
    const { config, problems } = resolveConfig(
      { prometheus: { scrapeTimeoutMillis: 250, maxConcurrentScrapes: 0 } },
      { LLMETER_PROMETHEUS_SCRAPE_TIMEOUT: '5000' },
    )
    expect(config.prometheus.scrapeTimeoutMillis).toBe(250)
    expect(config.prometheus.maxConcurrentScrapes).toBe(10)
    expect(problems).toEqual([
      'LLMETER_PROMETHEUS_MAX_CONCURRENT_SCRAPES must be an integer from 1 to 10000 (got 0); using 10',
    ])
  })
})
