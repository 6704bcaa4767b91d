// Timing helpers for the benchmarks: several rounds of a fixed number of operations, median ns per
// operation. Benchmarks compare variants measured in the same process run; only ratios matter.

/** Median of a numeric array. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/**
 * Runs `fn(i)` `ops` times per round for `rounds` rounds (after one warm-up round) and returns the
 * median nanoseconds per operation. Variants are interleaved by the caller for fairness.
 */
export function nsPerOp(fn, ops, rounds = 7) {
  for (let i = 0; i < ops; i++) fn(i)
  const samples = []
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < ops; i++) fn(i)
    samples.push(Number(process.hrtime.bigint() - start) / ops)
  }
  return median(samples)
}

/** Async variant: awaits `fn(i)` each time. */
export async function nsPerOpAsync(fn, ops, rounds = 7) {
  for (let i = 0; i < ops; i++) await fn(i)
  const samples = []
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < ops; i++) await fn(i)
    samples.push(Number(process.hrtime.bigint() - start) / ops)
  }
  return median(samples)
}

/** A markdown table: rows of [name, ns, ratio columns...]. */
export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
