import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.js'

describe('configuration', () => {
  it('uses documented defaults with an empty environment', () => {
    const { config, problems } = resolveConfig({}, {})
    expect(problems).toEqual([])
    expect([...config.exporters]).toEqual(['prometheus'])
    expect(config.prometheus).toEqual({
      host: '127.0.0.1',
      port: 9464,
      endpoint: '/metrics',
      server: true,
      bearerToken: undefined,
      basicAuth: undefined,
      allowFrom: [],
      scrapeTimeoutMillis: 30_000,
      maxConcurrentScrapes: 10,
    })
    expect(config.exportIntervalMillis).toBe(60_000)
    expect(config.httpMetrics).toBe(true)
    expect(config.maxValuesPerAttribute).toBe(200)
    expect(config.shutdownTimeoutMillis).toBe(5_000)
    expect(config.flushOnExit).toBe(true)
    expect(config.disabled).toBe(false)
  })

  it('reads the standard OTel variables and the LLMETER ones', () => {
    const { config, problems } = resolveConfig(
      {},
      {
        OTEL_SERVICE_NAME: 'chat-api',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=ml%20ops',
        OTEL_METRICS_EXPORTER: 'prometheus, otlp',
        OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
        OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        OTEL_METRIC_EXPORT_INTERVAL: '5000',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SDK_DISABLED: 'true',
        LLMETER_HTTP_METRICS: 'false',
        LLMETER_MAX_ATTRIBUTE_VALUES: '50',
        LLMETER_PROMETHEUS_ENDPOINT: 'scrape',
        LLMETER_FLUSH_ON_EXIT: '0',
      },
    )
    expect(problems).toEqual([])
    expect(config.serviceName).toBe('chat-api')
    expect(config.resourceAttributes).toEqual({ 'deployment.environment': 'prod', team: 'ml ops' })
    expect([...config.exporters]).toEqual(['prometheus', 'otlp'])
    expect(config.prometheus).toMatchObject({ host: '0.0.0.0', port: 0, endpoint: '/scrape' })
    expect(config.exportIntervalMillis).toBe(5000)
    expect(config.otlp.protocol).toBe('http/json')
    expect(config.disabled).toBe(true)
    expect(config.httpMetrics).toBe(false)
    expect(config.maxValuesPerAttribute).toBe(50)
    expect(config.flushOnExit).toBe(false)
  })

  it('lets code options win over the environment', () => {
    const { config } = resolveConfig(
      { serviceName: 'from-code', prometheus: { port: 1234 }, exporters: ['console'] },
      { OTEL_SERVICE_NAME: 'from-env', OTEL_EXPORTER_PROMETHEUS_PORT: '9999', OTEL_METRICS_EXPORTER: 'otlp' },
    )
    expect(config.serviceName).toBe('from-code')
    expect(config.prometheus.port).toBe(1234)
    expect([...config.exporters]).toEqual(['console'])
  })

  it('turns invalid values into problems and falls back to defaults without throwing', () => {
    const { config, problems } = resolveConfig(
      {
        prometheus: { port: -1 },
        exporters: ['prometheus', 'carrier-pigeon' as never],
        maxValuesPerAttribute: 1.5,
        flushOnExit: 'yes' as never,
      },
      { OTEL_METRIC_EXPORT_INTERVAL: 'soon', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
    )
    expect(config.prometheus.port).toBe(9464)
    expect([...config.exporters]).toEqual(['prometheus'])
    expect(config.maxValuesPerAttribute).toBe(200)
    expect(config.exportIntervalMillis).toBe(60_000)
    expect(config.flushOnExit).toBe(true)
    expect(problems.join('\n')).toMatch(/OTEL_EXPORTER_PROMETHEUS_PORT/)
    expect(problems.join('\n')).toMatch(/carrier-pigeon/)
    expect(problems.join('\n')).toMatch(/LLMETER_MAX_ATTRIBUTE_VALUES/)
    expect(problems.join('\n')).toMatch(/OTEL_METRIC_EXPORT_INTERVAL/)
    expect(problems.join('\n')).toMatch(/grpc/)
    expect(problems.join('\n')).toMatch(/LLMETER_FLUSH_ON_EXIT/)
    expect(() => resolveConfig(null as never, {})).not.toThrow()
  })

  it('treats "none" as no exporter at all', () => {
    expect([...resolveConfig({}, { OTEL_METRICS_EXPORTER: 'none,prometheus' }).config.exporters]).toEqual([
      'none',
    ])
  })
})
