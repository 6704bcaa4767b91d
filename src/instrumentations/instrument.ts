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
import { bedrockClient } from './bedrock/patch.js'
import { openAIClient } from './openai/patch.js'
import type { ExplicitClient } from './shared/explicit-client.js'

/** The clients `instrument()` knows, most specific first (the first that matches patches). */
const CLIENTS: readonly ExplicitClient[] = [anthropicClient, openAIClient, bedrockClient]

/**
 * Instruments one LLM client instance in place and returns it (the same object). Calls record
 * into the running instance's provider (or the global one), or into `options.meterProvider`.
 *
 * @example
 * import OpenAI from 'openai'
 * import Anthropic from '@anthropic-ai/sdk'
 * import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
 * import { instrument } from 'llmeter'
 * const openai = instrument(new OpenAI())
 * const anthropic = instrument(new Anthropic(), { meterProvider })
 * const bedrock = instrument(new BedrockRuntimeClient({ region: 'us-east-1' }))
 */
export function instrument<T>(client: T, options?: RecordInto): T {
  try {
    const recorder = sourceFor(options?.meterProvider)
    const known = CLIENTS.find((candidate) => candidate.matches(client))
    if (known) known.patch(client, recorder)
    else
      log.warn(
        `instrument(): not a client llmeter knows (${CLIENTS.map((c) => c.name).join(', ')}); nothing was instrumented`,
      )
  } catch (err) {
    log.debug('instrument() failed', err)
  }
  return client
}
