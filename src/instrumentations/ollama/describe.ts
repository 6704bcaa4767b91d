/**
 * What an Ollama client call is before it is sent: `chat`, `generate` (plain, or `stream: true`)
 * and `embed`, against the client's host (`config.host`, which the SDK has already given a
 * scheme and port). The provider is `ollama` wherever the server runs.
 *
 * @module
 */
import { guarded } from '../../internal/guard.js'
import { GEN_AI_OPERATION } from '../../semconv/attributes.js'
import type { LlmCall, LlmCallResult } from '../../tracking/llm-call.js'
import { endpointOf } from '../shared/endpoint.js'
import { OWN_PROVIDER } from '../shared/provider-names.js'
import type { CallPlan } from '../shared/tracked-call.js'
import { chatOutput, generateOutput, type IsOutput, observeOllamaStream } from './streams.js'
import { ollamaUsage } from './usage.js'

type Body = Record<string, any>

function target(client: unknown) {
  const { address, port } = endpointOf((client as Body | undefined)?.config?.host)
  return { provider: OWN_PROVIDER.ollama, serverAddress: address, serverPort: port }
}

// The SDK resolves to a plain promise, whose value is recorded in a `then` of llmeter's own: nothing
// recorded there may throw (it would be an unhandled rejection in the host), so a value that cannot
// be read ends the call without usage.
function endWithUsage(value: unknown, call: LlmCall): void {
  const v = value as Body | undefined
  const result = guarded<LlmCallResult>(
    'reading an ollama response',
    () => ({ usage: ollamaUsage(v), responseModel: typeof v?.model === 'string' ? v.model : undefined }),
    {},
  )
  call.end(result)
}

function describeStreamable(
  client: unknown,
  args: unknown[],
  operation: string,
  isOutput: IsOutput,
): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  const streaming = body.stream === true
  return {
    call: { ...target(client), model: body.model, operation },
    streaming,
    onValue: streaming
      ? (stream, call) => {
          if (
            !guarded('observing an ollama stream', () => observeOllamaStream(stream, call, isOutput), false)
          )
            call.end()
        }
      : endWithUsage,
  }
}

/** `chat(request)`. */
export function describeChat(client: unknown, args: unknown[]): CallPlan | undefined {
  return describeStreamable(client, args, GEN_AI_OPERATION.chat, chatOutput)
}

/** `generate(request)`: a prompt completed, not a conversation. */
export function describeGenerate(client: unknown, args: unknown[]): CallPlan | undefined {
  return describeStreamable(client, args, GEN_AI_OPERATION.textCompletion, generateOutput)
}

/** `embed(request)`. */
export function describeEmbed(client: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0] as Body | undefined
  if (!body || typeof body !== 'object') return undefined
  return {
    call: { ...target(client), model: body.model, operation: GEN_AI_OPERATION.embeddings },
    streaming: false,
    onValue: endWithUsage,
  }
}
