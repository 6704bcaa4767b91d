/**
 * Agent events that are not invocations: a handoff from one agent to another, and a guardrail
 * whose tripwire was triggered. Counted in llmeter's own namespace, since no convention defines
 * them yet; every label goes through the recorder's limiter.
 *
 * @module
 */
import { guard } from '../internal/guard.js'
import type { Recorder } from '../recording/recorder.js'
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_LLMETER_GUARDRAIL_KIND,
  ATTR_LLMETER_GUARDRAIL_NAME,
  OTHER_VALUE,
} from '../semconv/attributes.js'

/** The kinds of guardrail a run can trip. */
export type GuardrailKind = 'input' | 'output' | 'tool_input' | 'tool_output'

function label(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : OTHER_VALUE
}

/** Counts one handoff made by `agentName`. Never throws. */
export function recordHandoff(recorder: Recorder, agentName: unknown): void {
  guard('handoff', () => {
    const name = recorder.limiter.admit(ATTR_GEN_AI_AGENT_NAME, label(agentName))
    recorder.instruments.agentHandoffs.add(1, { [ATTR_GEN_AI_AGENT_NAME]: name })
  })
}

/** Counts one tripped guardrail of `agentName`. Never throws. */
export function recordGuardrailTrip(
  recorder: Recorder,
  agentName: unknown,
  guardrailName: unknown,
  kind: GuardrailKind,
): void {
  guard('guardrail trip', () => {
    const limiter = recorder.limiter
    recorder.instruments.agentGuardrailTrips.add(1, {
      [ATTR_GEN_AI_AGENT_NAME]: limiter.admit(ATTR_GEN_AI_AGENT_NAME, label(agentName)),
      [ATTR_LLMETER_GUARDRAIL_NAME]: limiter.admit(ATTR_LLMETER_GUARDRAIL_NAME, label(guardrailName)),
      [ATTR_LLMETER_GUARDRAIL_KIND]: kind,
    })
  })
}
