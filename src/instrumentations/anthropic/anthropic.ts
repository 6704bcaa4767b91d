/**
 * Instrumentation of `@anthropic-ai/sdk`: `messages.create` (plain and `stream: true`), which
 * `messages.stream()` also goes through. Anthropic reports `input_tokens` without the cache reads
 * and writes (`cache_read_input_tokens`, `cache_creation_input_tokens`); llmeter counts all input
 * tokens as input, so it adds them up. Stream chunks are the `content_block_delta` events; usage
 * comes from `message_start` and `message_delta`.
 *
 * @module
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation'
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../semconv/attributes.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import { METER_VERSION } from '../../tracking/recorder.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { trackedCreate, untracked } from '../openai/patch.js'
import { endpointOf } from '../shared/endpoint.js'
import { markSdkPatched } from '../shared/sdk-patched.js'
import { observeStreamObject, type StreamHandlers } from '../shared/stream-observer.js'
import type { CallPlan } from '../shared/tracked-call.js'

type Body = Record<string, any>

/** Anthropic usage -> llmeter usage (input includes cache reads and writes). */
export function anthropicUsage(usage: Body | null | undefined): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  const cacheRead = typeof usage.cache_read_input_tokens === 'number' ? usage.cache_read_input_tokens : 0
  const cacheWrite =
    typeof usage.cache_creation_input_tokens === 'number' ? usage.cache_creation_input_tokens : 0
  return {
    inputTokens:
      typeof usage.input_tokens === 'number' ? usage.input_tokens + cacheRead + cacheWrite : undefined,
    outputTokens: usage.output_tokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  }
}

function streamHandlers(call: LlmCall): StreamHandlers<Body> {
  let start: Body | undefined
  let output: number | undefined
  let model: string | undefined
  return {
    chunk(event) {
      switch (event?.type) {
        case 'content_block_delta':
          call.chunk()
          break
        case 'message_start':
          start = event.message?.usage
          model = event.message?.model
          break
        case 'message_delta':
          if (typeof event.usage?.output_tokens === 'number') output = event.usage.output_tokens
          // Newer API versions repeat the input counts here; prefer them when present.
          if (typeof event.usage?.input_tokens === 'number') start = { ...start, ...event.usage }
          break
      }
    },
    end: () =>
      call.end({
        usage: anthropicUsage({ ...start, output_tokens: output ?? start?.output_tokens }),
        responseModel: model,
      }),
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}

export function describeMessages(client: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const { address, port } = endpointOf((client as Body | undefined)?.baseURL)
  const streaming = body.stream === true
  return {
    call: {
      provider: GEN_AI_PROVIDER.anthropic,
      model: body.model,
      operation: GEN_AI_OPERATION.chat,
      serverAddress: address,
      serverPort: port,
    },
    streaming,
    onValue: streaming
      ? (stream, call) => {
          if (!observeStreamObject(stream, streamHandlers(call))) call.end()
        }
      : (value, call) => {
          const v = value as Body | undefined
          call.end({ usage: anthropicUsage(v?.usage), responseModel: v?.model })
        },
  }
}

function anthropicClass(exports: any): any {
  return exports?.Anthropic ?? exports?.default ?? exports
}

export function patchAnthropicExports(exports: unknown): void {
  const proto = anthropicClass(exports)?.Messages?.prototype
  if (proto && typeof proto.create === 'function') {
    proto.create = trackedCreate(proto.create, describeMessages)
    markSdkPatched(GEN_AI_PROVIDER.anthropic)
  }
}

export function unpatchAnthropicExports(exports: unknown): void {
  const proto = anthropicClass(exports)?.Messages?.prototype
  if (proto && typeof proto.create === 'function') proto.create = untracked(proto.create)
}

export function patchAnthropicClient(client: any): void {
  const messages = client?.messages
  if (messages && typeof messages.create === 'function')
    messages.create = trackedCreate(messages.create, describeMessages)
}

export const SUPPORTED_ANTHROPIC_VERSIONS = ['>=0.30.0 <2']

/** Automatic instrumentation of `@anthropic-ai/sdk`, patched when the app loads it. */
export class AnthropicInstrumentation extends InstrumentationBase {
  constructor() {
    super('llmeter-anthropic', METER_VERSION, {})
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@anthropic-ai/sdk',
      SUPPORTED_ANTHROPIC_VERSIONS,
      (exports: unknown) => {
        patchAnthropicExports(exports)
        return exports
      },
      (exports: unknown) => unpatchAnthropicExports(exports),
    )
  }
}
