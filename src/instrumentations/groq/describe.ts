/**
 * What a Groq `chat.completions.create` call is before it is sent: model, server, whether it
 * streams, and how to record its result. Groq always sends a stream's usage (in its last chunk),
 * so unlike OpenAI nothing is added to the request.
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { describeChatRequest } from '../shared/chat-request.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { groqStreamHandlers } from './streams.js'
import { groqUsage } from './usage.js'

/** `chat.completions.create(body, options)`. */
export function describeChat(client: unknown, args: unknown[]): CallPlan | undefined {
  return describeChatRequest(client, args, {
    provider: GEN_AI_PROVIDER.groq,
    usage: groqUsage,
    handlers: groqStreamHandlers,
  })
}
