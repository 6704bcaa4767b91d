/**
 * `instrument(client)`: the explicit way, for bundled apps, Next.js, or anything the load hooks do
 * not reach. Patches one client instance (OpenAI, AzureOpenAI, or Anthropic) and returns it.
 * Idempotent, and never double-counts with the automatic instrumentation.
 *
 * @module
 */
import { log } from '../internal/diag.js'
import { patchAnthropicClient } from './anthropic/anthropic.js'
import { patchOpenAIClient } from './openai/patch.js'

/**
 * Instruments one LLM client instance in place and returns it.
 *
 * @example
 * import OpenAI from 'openai'
 * import { instrument } from 'llmeter'
 * const openai = instrument(new OpenAI())
 */
export function instrument<T>(client: T): T {
  try {
    const c = client as any
    if (c?.messages && typeof c.messages.create === 'function' && !c.chat) patchAnthropicClient(c)
    else if (c?.chat?.completions) patchOpenAIClient(c)
    else log.warn('instrument(): not an OpenAI or Anthropic client; nothing was instrumented')
  } catch (err) {
    log.debug('instrument() failed', err)
  }
  return client
}
