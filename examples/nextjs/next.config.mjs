// llmeter patches `openai` and `ai` when Node loads them. A package Next bundles into a route's
// chunk is never loaded by Node, so the patch never sees it: keep the instrumented clients, and
// llmeter itself (one running instance for instrumentation.ts and the routes), external.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['llmeter', 'openai', 'ai', '@ai-sdk/openai'],
}
export default nextConfig
