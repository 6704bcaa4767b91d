// Next calls register() once per server process, before the first request. Only the Node runtime
// can run llmeter (the edge runtime has no node:http, no module hooks), hence the guard; the
// dynamic import keeps llmeter out of the edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('llmeter/register')
}
