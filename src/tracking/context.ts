/**
 * Which agent invocation and which LLM call the current async context belongs to. Agent
 * invocations use it to count the LLM and tool calls made inside them; instrumentations use it to
 * attribute each HTTP attempt (429s the SDK retries internally) to the call that made it.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { ErrorType } from '../semconv/error-types.js'

export interface AgentScope {
  readonly agentName: string
  inferenceCalls: number
  toolCalls: number
}

export const agentContext = new AsyncLocalStorage<AgentScope>()

/** The agent invocation the caller runs inside, if any. */
export function currentAgent(): AgentScope | undefined {
  return agentContext.getStore()
}

/**
 * The LLM call the current async context belongs to. An instrumentation runs the client's method
 * inside `llmCallContext.run(call, ...)`, and its HTTP-attempt hook reads the call from here (and
 * may name the server it found the attempt going to).
 */
export const llmCallContext = new AsyncLocalStorage<{
  httpAttempt(status: number | undefined, errorType?: ErrorType, headers?: unknown): void
  setServer(address: string | undefined, port?: number): void
}>()
