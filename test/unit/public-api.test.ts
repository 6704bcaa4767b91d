import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as llmeter from '../../src/index.js'
import * as instrumentations from '../../src/instrumentations/public.js'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

/** The runtime exports of an entry module under src/ with the JSDoc tags of their declarations. */
function documentedExports(entry = 'index.ts'): Map<string, string[]> {
  // Only our own sources: declarations from node_modules are not needed to find our JSDoc.
  const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SRC, f))
  const program = ts.createProgram(sources, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noResolve: true,
    noLib: true,
    types: [],
  })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(join(SRC, entry))!)!
  const out = new Map<string, string[]>()
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const tags = (target.declarations ?? []).flatMap((d) =>
      ts.getJSDocTags(ts.isVariableDeclaration(d) ? d.parent.parent : d).map((t) => t.tagName.text),
    )
    out.set(symbol.name, tags)
  }
  return out
}

describe('the public API', () => {
  it('is a small, deliberate set of at most 30 runtime names', () => {
    expect(Object.keys(llmeter).length).toBeLessThanOrEqual(30)
    expect(Object.keys(llmeter).sort()).toEqual([
      'BudgetExceededError',
      'instrument',
      'llm',
      'llmeterEmbeddingMiddleware',
      'llmeterMiddleware',
      'llmeterViews',
      'metricsFetchHandler',
      'metricsHandler',
      'ready',
      'recordCacheLookup',
      'shutdown',
      'start',
      'startAgent',
      'startRetrieval',
      'startTool',
      'startWorkflow',
      'withAgent',
      'withAttributes',
      'withTool',
      'withWorkflow',
    ])
  })

  it('documents every runtime name with an @example', () => {
    const docs = documentedExports()
    const missing = Object.keys(llmeter).filter((name) => !docs.get(name)?.includes('example'))
    expect(missing).toEqual([])
  })

  it('keeps the instrumentation classes in llmeter/instrumentations, each with an @example', () => {
    expect(Object.keys(instrumentations).sort()).toEqual([
      'AnthropicInstrumentation',
      'BedrockInstrumentation',
      'ChromaInstrumentation',
      'CohereInstrumentation',
      'GoogleGenAIInstrumentation',
      'GroqInstrumentation',
      'LangChainInstrumentation',
      'McpInstrumentation',
      'MistralInstrumentation',
      'OllamaInstrumentation',
      'OpenAIAgentsInstrumentation',
      'OpenAIInstrumentation',
      'PineconeInstrumentation',
      'QdrantInstrumentation',
      'VercelAiInstrumentation',
    ])
    const docs = documentedExports('instrumentations/public.ts')
    const missing = Object.keys(instrumentations).filter((name) => !docs.get(name)?.includes('example'))
    expect(missing).toEqual([])
  })
})
