import { afterEach, describe, expect, it } from 'vitest'
import { shutdown, start } from '../../src/sdk/start.js'

async function targetInfo(options: Parameters<typeof start>[0]): Promise<string> {
  const instance = await start({
    prometheus: { port: 0 },
    httpMetrics: false,
    flushOnExit: false,
    ...options,
  })
  const text = await (await fetch(instance.metricsUrl!)).text()
  await shutdown()
  return text.split('\n').find((line) => line.startsWith('target_info{')) ?? ''
}

const UUID = /service_instance_id="([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"/

describe('service.instance.id', () => {
  afterEach(() => shutdown())

  it('is a random UUID per instance unless the app sets one', async () => {
    const first = UUID.exec(await targetInfo({ serviceName: 'chat-api' }))?.[1]
    const second = UUID.exec(await targetInfo({ serviceName: 'chat-api' }))?.[1]
    expect(first).toBeDefined()
    expect(second).toBeDefined()
    expect(second).not.toBe(first)
    const own = await targetInfo({ resourceAttributes: { 'service.instance.id': 'pod-7' } })
    expect(own).toContain('service_instance_id="pod-7"')
  })
})
