// Runs the simulated provider alone until Ctrl-C, with demo-like latency and a few random faults:
//
//     npx node examples/simulated-provider/main.js [port]    # or PORT=...; default 8787; 0 = any
//
// Point any OpenAI or Anthropic client's baseURL at the printed URL (see index.js for the
// endpoints and the x-sim-* headers).
import { startSimulatedProvider } from './index.js'

const arg = process.argv[2] ?? process.env.PORT
const port = arg === undefined || arg === '' ? 8787 : Number(arg)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`usage: main.js [port]  (got ${JSON.stringify(arg)})`)
  process.exit(2)
}

const provider = await startSimulatedProvider({
  port,
  latency: { firstByteMs: 120, perChunkMs: 25, jitter: 0.5 },
  faults: { rateLimit: 0.05, serverError: 0.02 },
  retryAfter: 1,
  unref: false,
})
console.log(`simulated provider listening at ${provider.url}`)
console.log(`  OpenAI:    baseURL ${provider.url}/v1`)
console.log(`  Anthropic: baseURL ${provider.url}`)
console.log(`  Azure:     endpoint ${provider.url}`)

process.once('SIGINT', async () => {
  await provider.close()
  console.log(`\nstopped after ${provider.stats.total} requests ${JSON.stringify(provider.stats.statuses)}`)
  process.exit(0)
})
