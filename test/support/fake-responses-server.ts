/**
 * A local OpenAI Responses API (`POST /v1/responses`) for the Agents SDK tests, written from the
 * API reference: each request gets one response whose output is decided by the request itself,
 * the way a model following instructions would answer. A request offering a handoff tool
 * (`transfer_to_*`) that has not been called yet calls it; one offering a function tool that has
 * no `function_call_output` in the input yet calls it (arguments `{}`); otherwise a final text
 * message. `stream: true` answers with the SSE events the SDK reads (`response.created`, then the
 * output items, then `response.completed` carrying the whole response and its usage).
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const USAGE = {
  input_tokens: 40,
  output_tokens: 8,
  total_tokens: 48,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens_details: { reasoning_tokens: 0 },
}

interface Body {
  model?: string
  stream?: boolean
  input?: unknown
  tools?: { type?: string; name?: string }[]
}

function called(input: unknown, name: string): boolean {
  return (
    Array.isArray(input) && input.some((item: any) => item?.type === 'function_call' && item?.name === name)
  )
}

function outputFor(body: Body, n: number): unknown[] {
  const tools = (body.tools ?? []).filter((t) => t.type === 'function' && typeof t.name === 'string')
  const handoff = tools.find((t) => t.name!.startsWith('transfer_to_') && !called(body.input, t.name!))
  const tool =
    handoff ?? tools.find((t) => !t.name!.startsWith('transfer_to_') && !called(body.input, t.name!))
  if (tool) {
    return [
      {
        type: 'function_call',
        id: `fc_${n}`,
        call_id: `call_${n}`,
        name: tool.name,
        arguments: '{}',
        status: 'completed',
      },
    ]
  }
  return [
    {
      type: 'message',
      id: `msg_${n}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'done', annotations: [] }],
    },
  ]
}

export async function startFakeResponses() {
  const requests: Body[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/responses')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}')
        return
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body
      requests.push(body)
      const n = requests.length
      const response = {
        id: `resp_${n}`,
        object: 'response',
        created_at: 1_700_000_000,
        status: 'completed',
        model: body.model,
        output: outputFor(body, n),
        usage: USAGE,
      }
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response))
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const send = (type: string, data: object) =>
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
      send('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } })
      for (const [output_index, item] of response.output.entries()) {
        send('response.output_item.done', { output_index, item })
      }
      send('response.completed', { response })
      res.end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
