// OpenAI embeddings (`POST /v1/embeddings`, and Azure's deployment path): one small vector per
// input, derived from the input text so that equal inputs get equal vectors. The openai SDK asks
// for `encoding_format: "base64"` unless the caller chose one, and decodes little-endian float32s;
// both encodings are served.
import { embeddingTokens } from './tokens.js'

const DEFAULT_DIMENSIONS = 8

/**
 * A deterministic unit-length vector for `text` (FNV-1a hash, then a tiny LCG per dimension).
 * @param {string} text
 * @param {number} dimensions
 * @returns {number[]}
 */
export function vectorFor(text, dimensions) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  const v = []
  for (let i = 0; i < dimensions; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0
    v.push(h / 2 ** 31 - 1)
  }
  const norm = Math.hypot(...v) || 1
  // Rounded through float32 so the float and base64 encodings carry the very same numbers.
  return v.map((x) => Math.fround(x / norm))
}

/** @param {number[]} vector @returns {string} */
function toBase64(vector) {
  const buf = Buffer.alloc(vector.length * 4)
  for (const [i, x] of vector.entries()) buf.writeFloatLE(x, i * 4)
  return buf.toString('base64')
}

/** @param {import('./router.js').Exchange} ex */
export function openaiEmbeddings(ex) {
  const { body, scenario } = ex
  const input = body.input
  const tokenArray = Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'number')
  const inputs = Array.isArray(input) && !tokenArray ? input : [input]
  const dimensions =
    Number.isInteger(body.dimensions) && body.dimensions > 0 ? body.dimensions : DEFAULT_DIMENSIONS
  // Without x-sim-usage, the token count follows the input (the chat reply plays no part here).
  const tokens = scenario.usageGiven ? scenario.usage.input : embeddingTokens(input)
  ex.reply.answer(
    {
      object: 'list',
      data: inputs.map((item, index) => {
        const vector = vectorFor(typeof item === 'string' ? item : JSON.stringify(item), dimensions)
        return {
          object: 'embedding',
          index,
          embedding: body.encoding_format === 'base64' ? toBase64(vector) : vector,
        }
      }),
      model: ex.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    scenario.fault,
  )
}
