// Stands in for the Lambda runtime: imports the handler module named on the command line, then
// for every line on stdin (a JSON event) awaits one invocation and prints its outcome, so the
// test can look at the collector the moment the invocation settled.
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'

const { handler } = await import(pathToFileURL(process.argv[2]).href)
const { ready } = await import('llmeter')
process.stdout.write(`${JSON.stringify({ loaded: true, running: (await ready()) !== undefined })}\n`)
let n = 0
for await (const line of createInterface({ input: process.stdin })) {
  const event = JSON.parse(line)
  const context = { awsRequestId: `req-${++n}`, getRemainingTimeInMillis: () => 3000 }
  try {
    const result = await handler(event, context)
    process.stdout.write(`${JSON.stringify({ n, result })}\n`)
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ n, error: error.message })}\n`)
  }
}
