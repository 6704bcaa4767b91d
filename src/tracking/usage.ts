/**
 * Token usage as llmeter counts it: `LlmUsage`, one optional count per token kind. The type is
 * defined with the kinds table (`src/semconv/usage-kinds.ts`), so pricing shares it without
 * importing the trackers; the trackers and instrumentations name it from here.
 *
 * @module
 */
export type { LlmUsage } from '../semconv/usage-kinds.js'
