import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { metrics } from '@opentelemetry/api'
import express from 'express'
import Fastify from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { metricsHandler, ready, shutdown, start } from '../../../src/sdk/start.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { startOtlpReceiver } from '../../support/otlp-receiver.js'

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

describe('start() and shutdown()', () => {
  let d: DiagCapture
  beforeEach(() => {
    d = captureDiag()
  })
  afterEach(async () => {
    await shutdown()
    d.stop()
  })

  it('serves metrics on a free port and a second start() warns and returns the same instance', async () => {
    const first = await start({ prometheus: { port: 0 }, httpMetrics: false })
    const second = await start({ prometheus: { port: 1 } })
    expect(second).toBe(first)
    expect(d.warnings('start() was called again')).toHaveLength(1)
    startLlmCall({ provider: 'openai', model: 'gpt-4o' }).end()
    const text = await (await fetch(first.metricsUrl!)).text()
    expect(text).toContain(
      'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"} 1\n',
    )
  })

  it('keeps running when its port is taken, logging the cause once', async () => {
    const blocker = createServer()
    const port = await listen(blocker)
    try {
      const instance = await start({ prometheus: { port }, httpMetrics: false })
      expect(instance.metricsUrl).toBeUndefined()
      expect(() => startLlmCall({ provider: 'openai' }).end()).not.toThrow()
      expect(d.warnings('EADDRINUSE')).toHaveLength(1)
    } finally {
      blocker.close()
    }
  })

  it('accepts invalid options with one diagnostic each and still starts', async () => {
    const instance = await start({
      prometheus: { port: -5 as number, server: false },
      exporters: ['bogus' as never],
      httpMetrics: false,
    })
    expect(instance.config.prometheus.port).toBe(9464)
    expect(d.warnings('OTEL_EXPORTER_PROMETHEUS_PORT')).toHaveLength(1)
    expect(d.warnings('bogus')).toHaveLength(1)
  })

  it('does nothing when disabled', async () => {
    const instance = await start({ disabled: true, prometheus: { port: 0 } })
    expect(instance.metricsUrl).toBeUndefined()
    expect(await ready()).toBeUndefined()
  })

  it('bounds shutdown() by shutdownTimeoutMillis when the OTLP endpoint never answers', async () => {
    const hanging = createServer(() => {})
    const port = await listen(hanging)
    try {
      await start({
        exporters: ['otlp'],
        otlp: { url: `http://127.0.0.1:${port}/v1/metrics`, protocol: 'http/json', timeoutMillis: 60_000 },
        shutdownTimeoutMillis: 300,
        httpMetrics: false,
      })
      startLlmCall({ provider: 'openai' }).end()
      await shutdown()
      expect(d.warnings('shutdown did not finish within 300 ms (the final flush)')).toHaveLength(1)
      expect(d.warnings('shutdown did not finish')).toHaveLength(1)
    } finally {
      hanging.closeAllConnections()
      hanging.close()
    }
  })

  it('pushes to OTLP with Prometheus enabled too, both seeing the same totals', async () => {
    const receiver = await startOtlpReceiver()
    try {
      const instance = await start({
        exporters: ['prometheus', 'otlp'],
        prometheus: { port: 0 },
        otlp: { url: receiver.url, protocol: 'http/json' },
        httpMetrics: false,
      })
      for (let i = 0; i < 4; i++) startLlmCall({ provider: 'openai', model: 'm' }).end()
      await instance.forceFlush()
      expect(receiver.latestSum('llmeter.llm.requests')).toBe(4)
      const text = await (await fetch(instance.metricsUrl!)).text()
      expect(text).toContain(
        'llmeter_llm_requests_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="m"} 4\n',
      )
    } finally {
      await shutdown()
      await receiver.close()
    }
  })

  it('records into a MeterProvider the app registered before start()', async () => {
    const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics')
    class Reader extends MetricReader {
      protected override async onShutdown() {}
      protected override async onForceFlush() {}
    }
    const reader = new Reader()
    const appProvider = new MeterProvider({ readers: [reader] })
    metrics.setGlobalMeterProvider(appProvider)
    try {
      const instance = await start({ prometheus: { port: 0 }, httpMetrics: false })
      expect(instance.meterProvider).toBe(appProvider)
      expect(instance.metricsUrl).toBeUndefined()
      startLlmCall({ provider: 'openai', model: 'x' }).end()
      const { resourceMetrics } = await reader.collect()
      const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name))
      expect(names).toContain('llmeter.llm.requests')
    } finally {
      await shutdown()
      metrics.disable()
      await appProvider.shutdown()
    }
  })

  it('serves the scrape from express and fastify through metricsHandler()', async () => {
    await start({ prometheus: { server: false }, httpMetrics: false })
    startLlmCall({ provider: 'anthropic', model: 'claude' }).end()
    const app = express()
    app.get('/metrics', metricsHandler())
    const expressServer = createServer(app)
    const expressPort = await listen(expressServer)
    const fastify = Fastify()
    fastify.get('/metrics', (req, reply) => {
      reply.hijack()
      metricsHandler()(req.raw, reply.raw)
    })
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    const fastifyPort = (fastify.server.address() as AddressInfo).port
    try {
      for (const port of [expressPort, fastifyPort]) {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`)
        expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
        expect(await res.text()).toContain(
          'gen_ai_provider_name="anthropic",gen_ai_request_model="claude"} 1\n',
        )
      }
    } finally {
      expressServer.close()
      await fastify.close()
    }
  })

  it('applies the configured bearer token to metricsHandler() too', async () => {
    await start({ prometheus: { server: false, bearerToken: 'tok' }, httpMetrics: false })
    const server = createServer(metricsHandler())
    const port = await listen(server)
    try {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401)
      const ok = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer tok' } })
      expect(ok.status).toBe(200)
    } finally {
      server.close()
    }
  })

  it('answers 503 from metricsHandler() while llmeter is not running', async () => {
    const server = createServer(metricsHandler())
    const port = await listen(server)
    try {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(503)
    } finally {
      server.close()
    }
  })
})
