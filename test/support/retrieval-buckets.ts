/** The expected bucket counts of `llmeter.retrieval.documents` for samples of one value. */
import { RETRIEVAL_DOCUMENT_BUCKETS } from '../../src/semconv/metrics.js'

/** Bucket counts with `n` samples in the bucket of `value` documents. */
export function documentBuckets(value: number, n = 1): number[] {
  const counts = new Array(RETRIEVAL_DOCUMENT_BUCKETS.length + 1).fill(0)
  const i = RETRIEVAL_DOCUMENT_BUCKETS.findIndex((b) => value <= b)
  counts[i === -1 ? RETRIEVAL_DOCUMENT_BUCKETS.length : i] = n
  return counts
}
