/**
 * What an Anthropic `messages.create` call is before it is sent: model, server, whether it
 * streams, and how to record its result. `messages.stream()` goes through `messages.create` with
 * `stream: true`, so it is described here too.
 *
 * @module
 */
import { GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import { describeChatRequest } from '../shared/chat-request.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { messageStreamHandlers } from './streams.js'
import { anthropicUsage } from './usage.js'

/** `messages.create(body, options)` (and `beta.messages.create`). */
export function describeMessages(client: unknown, args: unknown[]): CallPlan | undefined {
  return describeChatRequest(client, args, {
    provider: GEN_AI_PROVIDER.anthropic,
    usage: anthropicUsage,
    handlers: messageStreamHandlers,
  })
}
