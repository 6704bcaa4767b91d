// Runs the simulated provider alone until Ctrl-C: `npx node examples/simulated-provider/main.js [port]`.
// Demo-like latency and a few faults; point any OpenAI or Anthropic client's baseURL at it.
import { startSimulatedProvider } from './index.js'

const provider = await startSimulatedProvider({
  port: Number(process.argv[2] ?? process.env.PORT ?? 8787),
  latency: { firstByteMs: 120, perChunkMs: 25 },
  faults: { rateLimit: 0.05, serverError: 0.02 },
  unref: false,
})
console.log(`simulated provider at ${provider.url} (OpenAI: ${provider.url}/v1, Anthropic: ${provider.url})`)
