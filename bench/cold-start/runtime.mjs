// Stands in for the Lambda runtime: imports the handler module, runs one invocation, and prints
// the milliseconds from process start (performance.timeOrigin) to the module loaded and to the
// invocation's result.
import { pathToFileURL } from 'node:url'

const { handler } = await import(pathToFileURL(process.argv[2]).href)
const loaded = performance.now()
const result = await handler({}, { awsRequestId: 'bench' })
const handled = performance.now()
if (result.statusCode !== 200) throw new Error(`unexpected result ${JSON.stringify(result)}`)
process.stdout.write(`${JSON.stringify({ loaded, handled })}\n`)
process.exit(0)
