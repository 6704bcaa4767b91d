/**
 * `instrument(client)`: the explicit way, for bundled apps, Next.js, or anything the load hooks do
 * not reach. Patches one client instance in place and returns it. Each client folder offers an
 * {@link ExplicitClient} (how to recognise its client and patch one instance); adding a client is a
 * line in {@link CLIENTS}. Idempotent, and never double-counts with the automatic instrumentation:
 * a call already tracked in the current async context passes through untracked (see
 * shared/tracked-call.ts).
 *
 * @module
 */
import { log } from '../internal/diag.js'
import { type RecordInto, sourceFor } from '../recording/registry.js'
import { anthropicClient } from './anthropic/patch.js'
import { cohereClient } from './cohere/patch.js'
import { groqClient } from './groq/patch.js'
import { mistralClient } from './mistral/patch.js'
import { ollamaClient } from './ollama/patch.js'
import { openAIClient } from './openai/patch.js'
import type { ExplicitClient } from './shared/explicit-client.js'
import { isProviderName, setClientProvider } from './shared/provider-choice.js'

/**
 * The clients `instrument()` knows, most specific first (the first that matches patches): a Groq
 * client has an OpenAI client's shape, so it comes before openai.
 */
const CLIENTS: readonly ExplicitClient[] = [
  anthropicClient,
  groqClient,
  ollamaClient,
  mistralClient,
  cohereClient,
  openAIClient,
]

/** Options of {@link instrument}. */
export interface InstrumentOptions extends RecordInto {
  /**
   * `gen_ai.provider.name` for every call of this client, for servers llmeter cannot tell by
   * their host (`'vllm'` for an OpenAI client pointed at a vLLM server). Wins over the configured
   * `providers` table and the known hosts.
   */
  provider?: string
}

/**
 * Instruments one LLM client instance in place and returns it (the same object). Calls record
 * into the running instance's provider (or the global one), or into `options.meterProvider`.
 *
 * @example
 * import OpenAI from 'openai'
 * import Anthropic from '@anthropic-ai/sdk'
 * import { instrument } from 'llmeter'
 * const openai = instrument(new OpenAI())
 * const anthropic = instrument(new Anthropic(), { meterProvider })
 * const vllm = instrument(new OpenAI({ baseURL: 'http://llm.internal:8000/v1' }), { provider: 'vllm' })
 * // also: new Mistral() from '@mistralai/mistralai', new CohereClientV2() from 'cohere-ai'
 */
export function instrument<T>(client: T, options?: InstrumentOptions): T {
  try {
    const recorder = sourceFor(options?.meterProvider)
    const known = CLIENTS.find((candidate) => candidate.matches(client))
    if (known) {
      known.patch(client, recorder)
      const provider = options?.provider
      if (provider !== undefined) {
        if (!isProviderName(provider))
          log.warn(
            'instrument(): provider must be lowercase letters, digits, ".", "_" or "-" (at most 64); ignored',
          )
        else if (!setClientProvider(client, provider))
          log.warn('instrument(): the client is frozen; its calls keep their provider')
      }
    } else
      log.warn(
        `instrument(): not a client llmeter knows (${CLIENTS.map((c) => c.name).join(', ')}); nothing was instrumented`,
      )
  } catch (err) {
    log.debug('instrument() failed', err)
  }
  return client
}
