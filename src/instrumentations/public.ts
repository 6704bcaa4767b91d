/**
 * `llmeter/instrumentations`: one OpenTelemetry instrumentation class per client package, for apps
 * that register instrumentations themselves (`registerInstrumentations({ instrumentations,
 * meterProvider })`, or NodeSDK's `instrumentations`) instead of letting `start()` or the register
 * entry do it. A subpath of its own, so the root API stays the handful of functions most apps use.
 *
 * @module
 */
export {
  AnthropicInstrumentation,
  BedrockInstrumentation,
  ChromaInstrumentation,
  CohereInstrumentation,
  GoogleGenAIInstrumentation,
  GroqInstrumentation,
  LangChainInstrumentation,
  McpInstrumentation,
  MistralInstrumentation,
  OllamaInstrumentation,
  OpenAIAgentsInstrumentation,
  OpenAIInstrumentation,
  PineconeInstrumentation,
  QdrantInstrumentation,
  VercelAiInstrumentation,
} from './index.js'
