import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.js'
import { createAccessCheck } from '../../src/exporters/prometheus/access.js'
import { captureDiag } from '../support/diag-capture.js'

const request = (remoteAddress: string, authorization?: string) =>
  ({
    socket: { remoteAddress },
    headers: authorization ? { authorization } : {},
  }) as unknown as IncomingMessage

describe('scrape access and ports', () => {
  it('compares the auth scheme case-insensitively (RFC 9110), the credentials exactly', () => {
    const bearer = createAccessCheck({ bearerToken: 's3cret' })
    for (const scheme of ['Bearer', 'bearer', 'BEARER'])
      expect(bearer(request('127.0.0.1', `${scheme} s3cret`))).toBe('ok')
    expect(bearer(request('127.0.0.1', 'bearer S3CRET'))).toBe('unauthorized')
    const basic = createAccessCheck({ basicAuth: 'prom:pw' })
    const credentials = Buffer.from('prom:pw').toString('base64')
    expect(basic(request('127.0.0.1', `basic ${credentials}`))).toBe('ok')
    expect(basic(request('127.0.0.1', `Bearer ${credentials}`))).toBe('unauthorized')
  })

  it('matches IPv6 addresses and ranges, and reports a garbage entry once', () => {
    const d = captureDiag()
    const check = createAccessCheck({
      allowFrom: ['::1/128', 'fd00::/8', '10.0.0.0/8', 'not-an-ip', '10.0.0.0/40'],
    })
    expect(check(request('::1'))).toBe('ok')
    expect(check(request('fd12::5'))).toBe('ok')
    expect(check(request('::ffff:10.1.2.3'))).toBe('ok')
    expect(check(request('2001:db8::1'))).toBe('forbidden')
    expect(check(request('192.168.0.1'))).toBe('forbidden')
    expect(d.warnings('allow-list entry')).toHaveLength(2)
    d.stop()
  })

  it('takes ports only as plain decimal digits', () => {
    for (const odd of ['0x10', '1e3', '0b1', '80.5']) {
      const { config, problems } = resolveConfig(undefined, { OTEL_EXPORTER_PROMETHEUS_PORT: odd })
      expect(config.prometheus.port, odd).toBe(9464)
      expect(problems.some((p) => p.includes('OTEL_EXPORTER_PROMETHEUS_PORT'))).toBe(true)
    }
    expect(resolveConfig(undefined, { OTEL_EXPORTER_PROMETHEUS_PORT: '9100' }).config.prometheus.port).toBe(
      9100,
    )
  })
})
