/**
 * The compatibility matrix: for each instrumented package, the lowest release of its declared range
 * (installed as an npm alias, `openai-low`) and the highest (the plain name), with the version that
 * is really installed under each name, read from its package.json.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'

export type SimulatedProvider = Awaited<ReturnType<typeof startSimulatedProvider>>
export { startSimulatedProvider }

/** The version installed under `name` in node_modules (an alias reports the real package's version). */
export function installedVersion(name: string): string {
  const url = new URL(`../../../node_modules/${name}/package.json`, import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
}

const parts = (v: string) => v.split('.').map(Number)
const compare = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
  return 0
}

/**
 * Whether a release `version` is inside a declared range of the form the instrumentations use
 * (`>=5.0.0 <8`: space-separated `>=` and `<` bounds); any other form fails the test.
 */
export function inRange(version: string, range: string): boolean {
  return range.split(' ').every((bound) => {
    const m = /^(>=|<)(\d+(?:\.\d+){0,2})$/.exec(bound)
    expect(m, `unsupported range bound ${bound}`).not.toBeNull()
    return m![1] === '>=' ? compare(version, m![2]!) >= 0 : compare(version, m![2]!) < 0
  })
}

/** Fails unless `version` is inside one of the declared ranges, the ones the load hook checks. */
export function expectDeclared(version: string, ranges: readonly string[]): void {
  expect(
    ranges.some((r) => inRange(version, r)),
    `${version} in ${ranges.join(' || ')}`,
  ).toBe(true)
}

/** The package names of each row: `low` is the alias of the range's lowest release. */
export const MATRIX = {
  openai: { low: 'openai-low', high: 'openai' },
  anthropic: { low: '@anthropic-ai/sdk-low', high: '@anthropic-ai/sdk' },
  ai: { low: 'ai-low', high: 'ai', providerLow: '@ai-sdk/openai-low', providerHigh: '@ai-sdk/openai' },
  langchain: { low: '@langchain/core-low', high: '@langchain/core' },
  langgraph: { low: '@langchain/langgraph-low', high: '@langchain/langgraph' },
  ollama: { low: 'ollama-low', high: 'ollama' },
  groq: { low: 'groq-sdk-low', high: 'groq-sdk' },
  mistral: { low: '@mistralai/mistralai-low', high: '@mistralai/mistralai' },
  cohere: { low: 'cohere-ai-low', high: 'cohere-ai' },
  googleGenai: { low: '@google/genai-low', high: '@google/genai' },
  chromadb: { low: 'chromadb-low', high: 'chromadb' },
  qdrant: { low: '@qdrant/js-client-rest-low', high: '@qdrant/js-client-rest' },
  // Only one 9.x release exists: 9.0.0 is both ends of the range.
  pinecone: { low: '@pinecone-database/pinecone', high: '@pinecone-database/pinecone' },
  bedrock: { low: '@aws-sdk/client-bedrock-runtime-low', high: '@aws-sdk/client-bedrock-runtime' },
  mcp: { low: '@modelcontextprotocol/sdk-low', high: '@modelcontextprotocol/sdk' },
  openaiAgents: { low: '@openai/agents-low', high: '@openai/agents' },
} as const

/** Every chunk of a stream, read to its end. */
export async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return chunks
}
