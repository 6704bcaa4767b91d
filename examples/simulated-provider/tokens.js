// Token counting and the canned reply. Real tokenizers are model-specific and not needed here: tests
// need counts that are deterministic and easy to predict, so the rule is deliberately simple.
//
//   input tokens  = ceil(characters of the prompt text / 4), at least 1. The prompt text is every
//                   string a request carries for the model: `messages[].content` (strings and text
//                   parts), `system`, `instructions`, `input` (string, items or parts), `prompt`.
//   output tokens = the number of words in the reply.
//   embeddings    = the same rule per input string (a pre-tokenized input counts its array length).

/** @typedef {{ input: number, output: number, cacheRead: number, cacheWrite: number, reasoning: number }} SimUsage */

/** The reply every endpoint gives unless a request asks for another (`x-sim-reply`). */
export const DEFAULT_REPLY = 'This is a simulated answer from the llmeter demo provider, made of plain words.'

// Words appended when a stream must have more deltas than the reply has words, so that every
// content delta carries text (real providers never send empty deltas mid-stream).
const FILLER = ['and', 'then', 'a', 'few', 'more', 'words']

/**
 * Characters / 4, rounded up, at least 1.
 * @param {string} text
 * @returns {number}
 * @example
 * countTokens('hello world') // 3
 */
export function countTokens(text) {
  return Math.max(1, Math.ceil(text.length / 4))
}

/**
 * Collects the text a request sends to the model, in a fixed order, from any of the supported
 * request shapes (chat messages, Anthropic system blocks, Responses input items).
 * @param {unknown} body
 * @returns {string}
 */
export function promptText(body) {
  if (!body || typeof body !== 'object') return ''
  const b = /** @type {Record<string, unknown>} */ (body)
  const parts = []
  for (const key of ['system', 'instructions', 'prompt', 'input', 'messages']) parts.push(textOf(b[key]))
  return parts.filter(Boolean).join('\n')
}

/** @param {unknown} value @returns {string} */
function textOf(value) {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join('\n')
  if (value && typeof value === 'object') {
    const v = /** @type {Record<string, unknown>} */ (value)
    if (typeof v.text === 'string') return v.text
    if ('content' in v) return textOf(v.content)
  }
  return ''
}

/**
 * Usage for a request that does not name one with `x-sim-usage`.
 * @param {unknown} body the parsed request body
 * @param {string} reply the reply text that will be sent
 * @returns {SimUsage}
 */
export function defaultUsage(body, reply) {
  return {
    input: countTokens(promptText(body)),
    output: wordCount(reply),
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
  }
}

/**
 * Prompt tokens of an embeddings request: per input string, or the length of a token array.
 * @param {unknown} input the request's `input`
 * @returns {number}
 */
export function embeddingTokens(input) {
  const items = Array.isArray(input) && input.every((x) => typeof x === 'number') ? [input] : input
  const list = Array.isArray(items) ? items : [items]
  let total = 0
  for (const item of list) total += Array.isArray(item) ? item.length : countTokens(String(item ?? ''))
  return total
}

/** @param {string} text @returns {number} */
export function wordCount(text) {
  return text.split(/\s+/).filter(Boolean).length
}

/**
 * The reply for a stream of `chunks` deltas: the given text, lengthened with filler words when it
 * has fewer words than deltas, so that every delta carries at least one word.
 * @param {string} text
 * @param {number} chunks
 * @returns {string}
 */
export function replyFor(text, chunks) {
  const words = text.trim().split(/\s+/).filter(Boolean)
  for (let i = 0; words.length < chunks; i++) words.push(FILLER[i % FILLER.length] ?? 'more')
  return words.length === wordCount(text) ? text.trim() : words.join(' ')
}

/**
 * Splits `text` into `n` non-empty pieces on word boundaries (the stream's content deltas), in the
 * style of the real APIs: whitespace leads a piece (`"This"`, `" is a"`, ...). Joined, the pieces
 * are exactly `text`.
 * @param {string} text
 * @param {number} n
 * @returns {string[]}
 * @example
 * splitText('a b c d', 2) // ['a b', ' c d']
 */
export function splitText(text, n) {
  const words = text.match(/\s*\S+/g) ?? []
  const count = Math.max(1, Math.min(n, words.length))
  const pieces = []
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * words.length) / count)
    const to = Math.floor(((i + 1) * words.length) / count)
    pieces.push(words.slice(from, to).join(''))
  }
  return pieces
}
