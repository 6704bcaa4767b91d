// A small seeded PRNG (mulberry32), so that the demo's random latency and faults can be replayed:
// the same seed gives the same sequence of faults for the same sequence of requests.

/**
 * @param {number} seed any 32-bit integer
 * @returns {() => number} numbers in [0, 1)
 * @example
 * const random = seededRandom(42)
 * random() // always the same first value for seed 42
 */
export function seededRandom(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
