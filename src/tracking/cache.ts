/**
 * Records application cache lookups (a semantic or exact-match cache in front of LLM calls).
 *
 * @module
 */
import { quietly } from '../internal/safe.js'
import { ATTR_LLMETER_CACHE_RESULT, ATTR_LLMETER_CACHE_TYPE, OTHER_VALUE } from '../semconv/attributes.js'
import { currentRecorder } from './recorder.js'

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
export function recordCacheLookup(lookup: CacheLookup): void {
  quietly('recordCacheLookup', () => {
    const recorder = currentRecorder()
    const type = typeof lookup?.type === 'string' && lookup.type ? lookup.type : OTHER_VALUE
    recorder.instruments.cacheLookups.add(1, {
      [ATTR_LLMETER_CACHE_TYPE]: recorder.limiter.admit(ATTR_LLMETER_CACHE_TYPE, type),
      [ATTR_LLMETER_CACHE_RESULT]: lookup?.hit === true ? 'hit' : 'miss',
    })
  })
}
