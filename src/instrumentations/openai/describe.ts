/**
 * What an OpenAI client call is, before it is sent: provider, model, operation, server, whether
 * it streams, and for chat and text completion streams without `stream_options.include_usage`, a body that asks for
 * usage (the host's object is not modified; llmeter sends a copy).
 *
 * @module
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import { endpointOf, providerForHost } from '../shared/endpoint.js'
import { observeStreamObject } from '../shared/stream-observer.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { chatStreamHandlers, responsesStreamHandlers, textCompletionOutput } from './streams.js'
import { chatUsage, embeddingsUsage, reportedCost, responsesUsage } from './usage.js'

type Body = Record<string, any>

function target(client: any) {
  const { address, port } = endpointOf(client?.baseURL)
  const azure = client?.constructor?.name === 'AzureOpenAI' || typeof client?.apiVersion === 'string'
  const provider = azure
    ? GEN_AI_PROVIDER.azureOpenai
    : providerForHost(address, GEN_AI_PROVIDER.openai, port)
  return { provider, serverAddress: address, serverPort: port }
}

function endWith(toUsage: (u: any) => ReturnType<typeof chatUsage>) {
  return (value: unknown, call: LlmCall) => {
    const v = value as Body | undefined
    call.end({ usage: toUsage(v?.usage), responseModel: v?.model, costUsd: reportedCost(v?.usage) })
  }
}

/**
 * A completions call (chat or text: same usage, same stream envelope). A stream without
 * `stream_options.include_usage` is sent with it, so its usage can be read.
 */
function describeCompletion(
  client: unknown,
  args: unknown[],
  operation: string,
  isOutput?: Parameters<typeof chatStreamHandlers>[2],
): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const streaming = body.stream === true
  const injected = streaming && body.stream_options?.include_usage !== true
  const plan: CallPlan = {
    call: { ...target(client), model: body.model, operation },
    streaming,
    onValue: streaming
      ? (stream, call, lifetime) => {
          if (!observeStreamObject(stream, chatStreamHandlers(call, injected, isOutput), lifetime)) call.end()
        }
      : endWith(chatUsage),
  }
  if (injected) {
    plan.args = [
      { ...body, stream_options: { ...(body.stream_options ?? {}), include_usage: true } },
      ...args.slice(1),
    ]
  }
  return plan
}

/** `chat.completions.create(body, options)`. */
export function describeChat(client: unknown, args: unknown[]): CallPlan | undefined {
  return describeCompletion(client, args, GEN_AI_OPERATION.chat)
}

/** The legacy `completions.create(body, options)` (text completions). */
export function describeTextCompletion(client: unknown, args: unknown[]): CallPlan | undefined {
  return describeCompletion(client, args, GEN_AI_OPERATION.textCompletion, textCompletionOutput)
}

/** `responses.create(body, options)` and `beta.responses.create` (same events and usage). */
export function describeResponses(client: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const streaming = body.stream === true
  return {
    call: { ...target(client), model: body.model, operation: GEN_AI_OPERATION.chat },
    streaming,
    onValue: streaming
      ? (stream, call, lifetime) => {
          if (!observeStreamObject(stream, responsesStreamHandlers(call), lifetime)) call.end()
        }
      : endWith(responsesUsage),
  }
}

/** `embeddings.create(body, options)`. */
export function describeEmbeddings(client: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  return {
    call: { ...target(client), model: body.model, operation: GEN_AI_OPERATION.embeddings },
    streaming: false,
    onValue: endWith(embeddingsUsage),
  }
}
