/**
 * Runs Debian's real Prometheus on 127.0.0.1 for a test: a temporary config and data dir, a free
 * port, a short scrape interval; stopped (SIGKILL, data dir removed) by `stop()`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findBinary } from './promtool.js'

export interface RunningPrometheus {
  readonly url: string
  readonly proc: ChildProcess
  /** Instant query; returns the result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>
  /** Polls `expr` until `accept(result)` holds or `timeoutMs` passes; returns the last result. */
  waitFor(
    expr: string,
    accept: (r: Awaited<ReturnType<RunningPrometheus['query']>>) => boolean,
    timeoutMs?: number,
  ): Promise<Awaited<ReturnType<RunningPrometheus['query']>>>
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface PrometheusOptions {
  /** `host:port` scrape targets (metrics path /metrics). */
  targets: string[]
  scrapeInterval?: string
  evaluationInterval?: string
  ruleFiles?: string[]
  /** Extra YAML appended under scrape_configs' job (rarely needed). */
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'llmeter-prom-'))
  const interval = options.scrapeInterval ?? '1s'
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${options.evaluationInterval ?? interval}`,
    ...(options.ruleFiles?.length
      ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)]
      : []),
    'scrape_configs:',
    '  - job_name: llmeter-test',
    '    static_configs:',
    `      - targets: [${options.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
  ].join('\n')
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`)
  const port = await freePort()
  const proc = spawn(
    findBinary('prometheus'),
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  proc.stderr!.on('data', (d) => {
    stderr += d
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`)
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error(`prometheus not ready in 30 s: ${stderr}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const query = async (expr: string) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)
    const body = (await res.json()) as { status: string; error?: string; data: { result: any[] } }
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`)
    return body.data.result
  }
  return {
    url,
    proc,
    query,
    async waitFor(expr, accept, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs
      let last = await query(expr)
      while (!accept(last) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 250))
        last = await query(expr)
      }
      return last
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = once(proc, 'exit')
        proc.kill('SIGKILL')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
