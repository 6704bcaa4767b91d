// How one request should be answered: usage, chunks, response model and fault, from the request
// headers a test sets (x-sim-*) or, for the demo, from random fault rates.

/** @typedef {{ input: number, output: number, cacheRead: number, cacheWrite: number, reasoning: number }} Usage */

/**
 * Default usage when a request names none: input = ceil(characters of the request body / 4),
 * output = the reply's word count. Deterministic for the same request.
 * @param {string} body @param {string} reply @returns {Usage}
 */
export function defaultUsage(body, reply) {
  return {
    input: Math.ceil(body.length / 4),
    output: reply.split(/\s+/).filter(Boolean).length,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
  }
}

const REPLY = 'This is a simulated answer from the llmeter demo provider, made of plain words.'

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} body
 * @param {{ rateLimit: number, serverError: number }} faults
 * @param {() => number} random
 */
export function scenarioFor(headers, body, faults, random) {
  const header = (name) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  let usage = defaultUsage(body, REPLY)
  const usageHeader = header('x-sim-usage')
  if (usageHeader) {
    const u = JSON.parse(usageHeader)
    usage = {
      input: u.input ?? 0,
      output: u.output ?? 0,
      cacheRead: u.cacheRead ?? 0,
      cacheWrite: u.cacheWrite ?? 0,
      reasoning: u.reasoning ?? 0,
    }
  }
  const attempt = Number(header('x-stainless-retry-count') ?? '0')
  let fault = header('x-sim-fault')
  const faultAttempts = header('x-sim-fault-attempts')
  if (fault && faultAttempts !== undefined && attempt >= Number(faultAttempts)) fault = undefined
  if (!fault) {
    const r = random()
    if (r < faults.rateLimit) fault = '429'
    else if (r < faults.rateLimit + faults.serverError) fault = '500'
  }
  return {
    usage,
    reply: REPLY,
    chunks: Math.max(1, Number(header('x-sim-chunks') ?? '5')),
    responseModel: header('x-sim-response-model'),
    retryAfter: header('x-sim-retry-after') ?? '0',
    fault,
    attempt,
  }
}

/** Splits `text` into `n` pieces (the stream's content deltas). */
export function splitText(text, n) {
  const words = text.split(' ')
  const size = Math.ceil(words.length / n)
  const pieces = []
  for (let i = 0; i < n; i++) {
    const part = words.slice(i * size, (i + 1) * size).join(' ')
    pieces.push(i === 0 ? part : part && ` ${part}`)
  }
  return pieces
}
