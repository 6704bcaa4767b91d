import { describe, expect, it } from 'vitest'
import {
  COMPATIBLE_HOSTS,
  endpointOf,
  providerForHost,
} from '../../../src/instrumentations/shared/endpoint.js'
import {
  chooseProvider,
  isProviderName,
  setClientProvider,
} from '../../../src/instrumentations/shared/provider-choice.js'
import { providerName } from '../../../src/instrumentations/shared/provider-names.js'
import { catalogProviderId } from '../../../src/pricing/provider-ids.js'
import { GEN_AI_PROVIDER } from '../../../src/semconv/attributes.js'
import { createHarness } from '../../support/harness.js'

/** The provider an openai client with this base URL records as. */
const forUrl = (baseURL: string) => {
  const { address, port } = endpointOf(baseURL)
  return providerForHost(address, 'openai', port)
}

describe('the OpenAI-compatible host table', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.together.xyz/v1', 'together_ai'],
    ['https://api.together.ai/v1', 'together_ai'],
    ['https://api.fireworks.ai/inference/v1', 'fireworks_ai'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://api.x.ai/v1', 'x_ai'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.perplexity.ai', 'perplexity'],
    ['https://api.mistral.ai/v1', 'mistral_ai'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'gcp.gemini'],
    [
      'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/l/endpoints/openapi',
      'gcp.vertex_ai',
    ],
    ['https://my-resource.openai.azure.com/openai/deployments/gpt-4o', 'azure.ai.openai'],
    ['https://my-resource.cognitiveservices.azure.com/openai', 'azure.ai.openai'],
    ['https://my-project.services.ai.azure.com/models', 'azure.ai.inference'],
    ['https://models.inference.ai.azure.com', 'azure.ai.inference'],
    ['https://api.moonshot.ai/v1', 'moonshot_ai'],
    ['https://api.moonshot.cn/v1', 'moonshot_ai'],
    ['https://api.anthropic.com/v1/', 'anthropic'],
    ['https://api.cohere.ai/compatibility/v1', 'cohere'],
    ['https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1', 'aws.bedrock'],
    ['https://us-south.ml.cloud.ibm.com/ml/v1', 'ibm.watsonx.ai'],
    ['http://localhost:11434/v1', 'ollama'],
    ['http://127.0.0.1:11434/v1', 'ollama'],
    ['http://[::1]:11434/v1', 'ollama'],
    ['HTTPS://API.GROQ.COM/openai/v1', 'groq'],
  ])('%s is %s', (url, provider) => {
    expect(forUrl(url)).toBe(provider)
  })

  it.each([
    ['http://127.0.0.1:8000/v1'],
    ['http://localhost:1234/v1'],
    ['http://10.0.0.5:11434/v1'],
    ['https://notgroq.com.example.org/v1'],
    ['https://groq.com.evil.example/v1'],
    ['https://x.ai.example.com/v1'],
    ['not a url'],
  ])('%s keeps the client default', (url) => {
    expect(forUrl(url)).toBe('openai')
  })

  it('uses the conventions well-known values where one exists, spelled as they spell them', () => {
    const wellKnown = new Set(Object.values(GEN_AI_PROVIDER))
    expect([...wellKnown].sort()).toEqual(
      [
        'anthropic',
        'aws.bedrock',
        'azure.ai.inference',
        'azure.ai.openai',
        'cohere',
        'deepseek',
        'gcp.gemini',
        'gcp.gen_ai',
        'gcp.vertex_ai',
        'groq',
        'ibm.watsonx.ai',
        'mistral_ai',
        'moonshot_ai',
        'openai',
        'perplexity',
        'x_ai',
      ].sort(),
    )
    const own = COMPATIBLE_HOSTS.map((h) => h.provider).filter((p) => !wellKnown.has(p as never))
    expect([...new Set(own)].sort()).toEqual(['fireworks_ai', 'ollama', 'openrouter', 'together_ai'])
  })

  it('maps every provider of the table onto a catalog provider that prices it', () => {
    expect(
      Object.fromEntries(
        [
          'groq',
          'together_ai',
          'fireworks_ai',
          'moonshot_ai',
          'x_ai',
          'mistral_ai',
          'openrouter',
          'gcp.gemini',
        ].map((p) => [p, catalogProviderId(p)]),
      ),
    ).toEqual({
      groq: 'groq',
      together_ai: 'together',
      fireworks_ai: 'fireworks',
      moonshot_ai: 'moonshotai',
      x_ai: 'x-ai',
      mistral_ai: 'mistral',
      openrouter: 'openrouter',
      'gcp.gemini': 'google',
    })
  })

  it('names framework provider ids the same way', () => {
    expect(
      ['togetherai.chat', 'fireworks.chat', 'moonshotai.chat', 'ollama', 'x-ai'].map(providerName),
    ).toEqual(['together_ai', 'fireworks_ai', 'moonshot_ai', 'ollama', 'x_ai'])
  })
})

describe('choosing a provider the app names', () => {
  const call = { provider: 'openai', serverAddress: 'llm.internal', serverPort: 8000 }

  it('the configured host:port wins over the host alone, and both over what the client described', async () => {
    const h = createHarness({ providers: { 'llm.internal:8000': 'vllm', 'llm.internal': 'tgi' } })
    try {
      expect(chooseProvider({}, call, h.recorder)).toBe('vllm')
      expect(chooseProvider({}, { ...call, serverPort: 9000 }, h.recorder)).toBe('tgi')
      expect(chooseProvider({}, { ...call, serverAddress: 'LLM.Internal' }, h.recorder)).toBe('vllm')
      expect(chooseProvider({}, { ...call, serverAddress: 'other' }, h.recorder)).toBe('openai')
    } finally {
      await h.close()
    }
  })

  it("the client instance's provider wins over the table; a recorder without a table keeps the description", async () => {
    const h = createHarness({ providers: { 'llm.internal:8000': 'vllm' } })
    const client = {}
    try {
      expect(setClientProvider(client, 'sglang')).toBe(true)
      expect(chooseProvider(client, call, h.recorder)).toBe('sglang')
      expect(Object.keys(client)).toEqual([])
      h.recorder.dispose()
      expect(chooseProvider({}, call, h.recorder)).toBe('openai')
    } finally {
      await h.close()
    }
  })

  it('a frozen client cannot be named, and names must look like the conventions values', () => {
    expect(setClientProvider(Object.freeze({}), 'vllm')).toBe(false)
    expect(['vllm', 'azure.ai.openai', 'x_ai', 'my-gw2'].map(isProviderName)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['', 'VLLM', 'a b', '_x', 'x'.repeat(65), 7].map(isProviderName)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ])
  })
})
