/**
 * What a Bedrock command is before it is sent: the four model-invoking commands (`Converse`,
 * `ConverseStream`, `InvokeModel`, `InvokeModelWithResponseStream`), recognised by their class
 * name, with the model, the server, whether the output streams, and how to record the output. Every
 * other command (`CountTokens`, `ApplyGuardrail`, async invokes, ...) is left untracked.
 *
 * @module
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { LlmCall, LlmCallOptions } from '../../tracking/llm-call.js'
import { responseHeaders, serverOf } from './attempts.js'
import { bedrockModelId } from './model-id.js'
import { converseStreamHandlers, invokeStreamHandlers, observeEventStream } from './streams.js'
import { converseUsage, headerUsage, invokeBodyUsage, parseJsonBytes } from './usage.js'

type Bag = Record<string, any>

export interface SendPlan {
  call: LlmCallOptions
  /**
   * Records the output `send` resolved with: ends the call, or starts observing its stream (`signal`
   * is the host's `abortSignal`, if it passed one).
   */
  onOutput(output: unknown, call: LlmCall, signal?: AbortSignal): void
}

const record: Record<string, SendPlan['onOutput']> = {
  ConverseCommand: (output, call) => call.end({ usage: converseUsage((output as Bag | undefined)?.usage) }),
  ConverseStreamCommand: (output, call, signal) => {
    if (!observeEventStream(output, 'stream', call, converseStreamHandlers(call, signal))) call.end()
  },
  InvokeModelCommand: (output, call) => {
    const usage = headerUsage(responseHeaders(call)) ?? invokeBodyUsage(parseJsonBytes((output as Bag)?.body))
    call.end({ usage })
  },
  InvokeModelWithResponseStreamCommand: (output, call, signal) => {
    if (!observeEventStream(output, 'body', call, invokeStreamHandlers(call, signal))) call.end()
  },
}

/** Embedding models are invoked with InvokeModel too; their operation is `embeddings`. */
const EMBEDDING_MODEL = /(^|[.:/])(amazon\.titan-embed|cohere\.embed|amazon\.nova-.*embed)/

/** The plan for `command` sent through `client`, or undefined for a command llmeter does not track. */
export function describeCommand(client: unknown, command: unknown): SendPlan | undefined {
  const name = (command as { constructor?: { name?: unknown } } | null)?.constructor?.name
  const onOutput = typeof name === 'string' && Object.hasOwn(record, name) ? record[name] : undefined
  if (!onOutput) return undefined
  const model = bedrockModelId((command as { input?: Bag }).input?.modelId)
  const { address, port } = serverOf(client)
  const embedding = name === 'InvokeModelCommand' && model !== undefined && EMBEDDING_MODEL.test(model)
  return {
    call: {
      provider: GEN_AI_PROVIDER.awsBedrock,
      model,
      operation: embedding ? GEN_AI_OPERATION.embeddings : GEN_AI_OPERATION.chat,
      serverAddress: address,
      serverPort: port,
    },
    onOutput,
  }
}
