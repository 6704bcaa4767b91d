/**
 * Records application cache lookups (a semantic or exact-match cache in front of LLM calls).
 *
 * @module
 */
import { guard } from '../internal/guard.js'
import type { Recorder } from '../recording/recorder.js'
import { defaultRecorder } from '../recording/registry.js'
import { ATTR_LLMETER_CACHE_RESULT, ATTR_LLMETER_CACHE_TYPE, OTHER_VALUE } from '../semconv/attributes.js'

export interface CacheLookup {
  /** Which cache: `semantic`, `exact`, or any short name of yours. */
  type: string
  hit: boolean
}

/**
 * Counts one cache lookup as a hit or a miss. Never throws.
 *
 * @example
 * const cached = await semanticCache.get(prompt)
 * recordCacheLookup({ type: 'semantic', hit: cached !== undefined })
 */
export function recordCacheLookup(lookup: CacheLookup, recorder?: Recorder): void {
  guard('recordCacheLookup', () => {
    const into = recorder ?? defaultRecorder()
    const type = typeof lookup?.type === 'string' && lookup.type ? lookup.type : OTHER_VALUE
    into.instruments.cacheLookups.add(1, {
      [ATTR_LLMETER_CACHE_TYPE]: into.limiter.admit(ATTR_LLMETER_CACHE_TYPE, type),
      [ATTR_LLMETER_CACHE_RESULT]: lookup?.hit === true ? 'hit' : 'miss',
    })
  })
}
