/**
 * What the Agents SDK's objects say about an invocation: the model an agent runs on, the type
 * of a tool (`function`, or `extension` for a tool an MCP server provides), and which guardrail a
 * tripwire error names. Read defensively: every field is optional across SDK versions.
 *
 * @module
 */
import type { GuardrailKind } from '../../tracking/agent-events.js'

/** The model name of `agent` as the runner resolves it: the agent's, the run config's, else the SDK default. */
export function modelOf(
  agent: any,
  runner: any,
  defaultModel: (() => unknown) | undefined,
): string | undefined {
  const own = agent?.model
  if (typeof own === 'string' && own.length > 0) return own
  if (own && typeof own === 'object') return typeof own._model === 'string' ? own._model : undefined
  const configured = runner?.config?.model
  if (typeof configured === 'string' && configured.length > 0) return configured
  if (configured && typeof configured === 'object')
    return typeof configured._model === 'string' ? configured._model : undefined
  try {
    const fallback = defaultModel?.()
    return typeof fallback === 'string' ? fallback : undefined
  } catch {
    return undefined
  }
}

/** `openai` when the agent's model goes through the SDK's OpenAI provider or model classes. */
export function providerOf(agent: any, runner: any): string | undefined {
  const model = agent?.model && typeof agent.model === 'object' ? agent.model : runner?.config?.model
  const name =
    model && typeof model === 'object'
      ? model.constructor?.name
      : runner?.config?.modelProvider?.constructor?.name
  return typeof name === 'string' && name.startsWith('OpenAI') ? 'openai' : undefined
}

/**
 * `gen_ai.tool.type` of a tool the runner executes. MCP tools reach the runner as function tools
 * listed from the agent's `mcpServers`, never in its own `tools`: a function tool the agent does
 * not declare, on an agent with MCP servers, is an MCP server's (`extension`).
 */
export function toolTypeOf(agent: any, tool: any): string {
  const declared = Array.isArray(agent?.tools) && agent.tools.includes(tool)
  const hasMcp = Array.isArray(agent?.mcpServers) && agent.mcpServers.length > 0
  return tool?.type === 'function' && !declared && hasMcp ? 'extension' : 'function'
}

const TRIPWIRES: Record<string, GuardrailKind> = {
  InputGuardrailTripwireTriggered: 'input',
  OutputGuardrailTripwireTriggered: 'output',
  ToolInputGuardrailTripwireTriggered: 'tool_input',
  ToolOutputGuardrailTripwireTriggered: 'tool_output',
}

/** The guardrail a tripwire error names, or undefined for any other error. */
export function trippedGuardrail(error: any): { kind: GuardrailKind; name: unknown } | undefined {
  const kind = TRIPWIRES[String(error?.constructor?.name ?? error?.name ?? '')]
  if (!kind) return undefined
  const result = error?.result
  return { kind, name: result?.guardrail?.name ?? result?.guardrail?.type }
}
