/**
 * Checks of the MCP scenario's metrics against a harness: every operation and session sample,
 * as exact attribute sets with their counts.
 */
import { DataPointType } from '@opentelemetry/sdk-metrics'
import { expect } from 'vitest'
import { METRICS } from '../../src/semconv/metrics.js'
import type { Harness } from './harness.js'
import { expectedOperations, normalized } from './mcp-scenario.js'

/** Every histogram point of `name` as [attributes, count]. */
export async function histogramPoints(h: Harness, name: string) {
  const m = await h.metric(name)
  if (!m || m.dataPointType !== DataPointType.HISTOGRAM) return []
  return m.dataPoints.map((p) => ({ attrs: p.attributes as Record<string, unknown>, count: p.value.count }))
}

/** The scenario's samples, one per operation, for one connection of `clients` clients. */
export async function expectScenarioMetrics(
  h: Harness,
  opts: {
    clientSession: Record<string, string | number>
    serverSession: Record<string, string | number>
    version: string
  },
) {
  for (const [side, session, def] of [
    ['client', opts.clientSession, METRICS.mcpClientOperationDuration],
    ['server', opts.serverSession, METRICS.mcpServerOperationDuration],
  ] as const) {
    // Only this version's points: under load, a request to the previous row's server (its
    // protocol version tells it apart) was seen finishing during the next row's test.
    const points = (await histogramPoints(h, def.name)).filter(
      (p) => p.attrs['mcp.protocol.version'] === opts.version,
    )
    expect(points.every((p) => p.count === 1)).toBe(true)
    expect(normalized(points.map((p) => p.attrs))).toEqual(
      normalized(expectedOperations(side, session, opts.version)),
    )
  }
  const version = { 'mcp.protocol.version': opts.version }
  const clientSessions = await histogramPoints(h, METRICS.mcpClientSessionDuration.name)
  expect(clientSessions.map((p) => p.count)).toEqual([1])
  expect(normalized(clientSessions.map((p) => p.attrs))).toEqual(
    normalized([{ ...opts.clientSession, ...version }]),
  )
  const serverSessions = await histogramPoints(h, METRICS.mcpServerSessionDuration.name)
  expect(serverSessions.map((p) => p.count)).toEqual([1])
  expect(normalized(serverSessions.map((p) => p.attrs))).toEqual(
    normalized([{ ...opts.serverSession, ...version }]),
  )
}
