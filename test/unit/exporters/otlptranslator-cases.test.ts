import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type OtelMetricType,
  prometheusLabelName,
  prometheusMetricName,
} from '../../../src/exporters/prometheus/naming.js'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { LABEL_NAME_CASES, METRIC_NAME_CASES } from './otlptranslator-cases.js'

const PROMETHEUS_TYPE: Record<OtelMetricType, string> = {
  counter: 'counter',
  updowncounter: 'gauge',
  gauge: 'gauge',
  histogram: 'histogram',
}

function record(provider: MeterProvider, name: string, unit: string, type: OtelMetricType): void {
  const meter = provider.getMeter('cases')
  const options = { unit, description: 'case' }
  if (type === 'counter') meter.createCounter(name, options).add(1)
  else if (type === 'updowncounter') meter.createUpDownCounter(name, options).add(1)
  else if (type === 'gauge') meter.createGauge(name, options).record(1)
  else meter.createHistogram(name, options).record(1)
}

/** Family names of a scrape (its `# TYPE` lines), target_info aside. */
function families(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('# TYPE ') && !l.startsWith('# TYPE target_info '))
    .map((l) => l.slice('# TYPE '.length))
}

describe('otlptranslator metric name cases', () => {
  it.each(METRIC_NAME_CASES)('$name ($unit, $type) -> $expected', ({ name, unit, type, expected }) => {
    expect(prometheusMetricName(name, unit, type)).toBe(expected)
  })
})

describe('otlptranslator label name cases', () => {
  it.each(LABEL_NAME_CASES)('$key -> $expected', ({ key, expected }) => {
    expect(prometheusLabelName(key)).toBe(expected)
  })
})

describe('otlptranslator cases over a real scrape', () => {
  let provider: MeterProvider | undefined
  let diag: DiagCapture | undefined
  afterEach(async () => {
    diag?.stop()
    await provider?.shutdown()
    provider = undefined
  })

  it.each(METRIC_NAME_CASES)(
    'serves $name ($unit, $type) as $expected',
    async ({ name, unit, type, expected }) => {
      diag = captureDiag()
      const reader = new LlmeterPrometheusReader()
      provider = new MeterProvider({ readers: [reader] })
      record(provider, name, unit, type)
      const text = await reader.scrape()
      if (expected === undefined) {
        expect(families(text)).toEqual([])
        expect(diag.warnings('has no valid Prometheus name')).toHaveLength(1)
        return
      }
      expect(families(text)).toEqual([`${expected} ${PROMETHEUS_TYPE[type]}`])
      expect(text).toContain(type === 'histogram' ? `\n${expected}_count 1\n` : `\n${expected} 1\n`)
    },
  )

  it('serves every label case as its translated name, and no data point for a refused key', async () => {
    diag = captureDiag()
    const reader = new LlmeterPrometheusReader()
    provider = new MeterProvider({ readers: [reader] })
    const counter = provider.getMeter('cases').createCounter('labels', { description: 'case' })
    // The SDK itself drops an empty attribute key before any reader sees it.
    const cases = LABEL_NAME_CASES.filter((c) => c.key !== '')
    for (const [i, { key }] of cases.entries()) counter.add(1, { [key]: 'v', n: String(i) })
    const text = await reader.scrape()
    cases.forEach(({ key, expected }, i) => {
      const lines = text.split('\n').filter((l) => l.includes(`n="${i}"`))
      expect(lines, key).toEqual(expected === undefined ? [] : [`labels_total{${expected}="v",n="${i}"} 1`])
    })
    const refused = cases.filter((c) => c.expected === undefined).length
    expect(diag.warnings('has no valid Prometheus label name')).toHaveLength(refused)
  })
})
