// The demo's traffic generator: a few concurrent loops calling the app's routes on loopback, until
// stopped. Bounded: at most `concurrency` requests in flight, a pause between requests.

/**
 * @param {{ appUrl: string, routes: string[], concurrency?: number, pauseMs?: number }} options
 * @returns {{ stop(): Promise<void>, stats: { sent: number, failed: number } }}
 */
export function startTraffic({ appUrl, routes, concurrency = 3, pauseMs = 150 }) {
  const stats = { sent: 0, failed: 0 }
  let running = true
  const loop = async (offset) => {
    let i = offset
    while (running) {
      const route = routes[i++ % routes.length]
      try {
        const res = await fetch(`${appUrl}${route}`)
        await res.arrayBuffer()
        if (!res.ok) stats.failed++
      } catch {
        stats.failed++
      }
      stats.sent++
      await new Promise((resolve) => setTimeout(resolve, pauseMs * (0.5 + Math.random())))
    }
  }
  const loops = Array.from({ length: concurrency }, (_, k) => loop(k))
  return {
    stats,
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}
