/**
 * `instrument(client)`: the explicit way, for bundled apps, Next.js, or anything the load hooks do
 * not reach. Patches one client instance (OpenAI, AzureOpenAI, or Anthropic) and returns it.
 * Idempotent, and never double-counts with the automatic instrumentation: a call already tracked
 * in the current async context passes through untracked (see shared/tracked-call.ts).
 *
 * @module
 */
import { log } from '../internal/diag.js'
import { type RecordInto, sourceFor } from '../recording/registry.js'
import { isAnthropicClient, patchAnthropicClient } from './anthropic/patch.js'
import { isOpenAIClient, patchOpenAIClient } from './openai/patch.js'

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
 */
export function instrument<T>(client: T, options?: RecordInto): T {
  try {
    const recorder = sourceFor(options?.meterProvider)
    if (isAnthropicClient(client)) patchAnthropicClient(client, recorder)
    else if (isOpenAIClient(client)) patchOpenAIClient(client, recorder)
    else log.warn('instrument(): not an OpenAI or Anthropic client; nothing was instrumented')
  } catch (err) {
    log.debug('instrument() failed', err)
  }
  return client
}
