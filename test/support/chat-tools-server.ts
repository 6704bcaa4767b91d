/**
 * A Chat Completions wire server (POST /v1/chat/completions, OpenAI's public API reference) for
 * tool loops: while the conversation has fewer tool results than `toolRounds`, it answers with a
 * call of the request's first tool (`finish_reason: tool_calls`); then with text. Streams are SSE
 * chunks with the usage only in the last event before `[DONE]`, as the API sends them when
 * `stream_options.include_usage` is set. `failWith` answers every request with that status.
 * Listens on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ChatToolsServer {
  url: string
  /** Requests answered so far. */
  requests(): number
  close(): Promise<void>
}

export interface ChatToolsOptions {
  /** Tool calls before the final text answer. Default 1. */
  toolRounds?: number
  /** The tool call's `arguments` (a JSON string). Default `{"city":"Paris"}`. */
  toolArguments?: string
  /** Answer every request with this HTTP status and an error body. */
  failWith?: number
}

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }

async function body(req: IncomingMessage): Promise<any> {
  const parts: Buffer[] = []
  for await (const part of req) parts.push(part as Buffer)
  return JSON.parse(Buffer.concat(parts).toString('utf8') || '{}')
}

function reply(request: any, options: ChatToolsOptions, n: number) {
  const done = (request.messages ?? []).filter((m: any) => m.role === 'tool').length
  const tool = request.tools?.[0]?.function?.name
  const call =
    tool && done < (options.toolRounds ?? 1)
      ? {
          index: 0,
          id: `call_${n}`,
          type: 'function',
          function: { name: tool, arguments: options.toolArguments ?? '{"city":"Paris"}' },
        }
      : undefined
  return { call, model: request.model, text: call ? null : 'It is sunny.' }
}

export async function startChatToolsServer(options: ChatToolsOptions = {}): Promise<ChatToolsServer> {
  let count = 0
  const server: Server = createServer(async (req, res) => {
    const n = ++count
    const request = await body(req)
    if (options.failWith) {
      res.writeHead(options.failWith, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: 'failed', type: 'server_error', code: null } }))
      return
    }
    const { call, model, text } = reply(request, options, n)
    const base = { id: `chatcmpl-${n}`, created: 1_700_000_000, model }
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' })
      const message = { role: 'assistant', content: text, ...(call ? { tool_calls: [call] } : {}) }
      const finish = call ? 'tool_calls' : 'stop'
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message, finish_reason: finish }],
          usage,
        }),
      )
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    const send = (chunk: object) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...chunk })}\n\n`)
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })
    if (call) send({ choices: [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }] })
    else send({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })
    send({ choices: [{ index: 0, delta: {}, finish_reason: call ? 'tool_calls' : 'stop' }] })
    send({ choices: [], usage })
    res.end('data: [DONE]\n\n')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
