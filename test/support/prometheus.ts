/**
 * Runs Debian's real Prometheus on 127.0.0.1 for a test: a temporary config and data dir, port 0
 * (the port it bound is read from its own "Listening on" log line, so no port is picked first and
 * reused), a short scrape interval; stopped (SIGKILL, data dir removed) by `stop()`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
  let proc: ChildProcess
  let url: string
  try {
    ;({ proc, url } = await spawnPrometheus(join(dir, 'prometheus.yml'), join(dir, 'data')))
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const base = url
  const query = async (expr: string) => {
    const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`)
    const body = (await res.json()) as { status: string; error?: string; data: { result: any[] } }
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`)
    return body.data.result
  }
  return {
    url: base,
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

/**
 * Starts Debian's prometheus on `configFile`, listening on 127.0.0.1 port 0; resolves with the
 * address it logged once it is ready to serve.
 */
export async function spawnPrometheus(
  configFile: string,
  dataDir: string,
): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    findBinary('prometheus'),
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      '--web.listen-address=127.0.0.1:0',
      // Info level for the two lines waited on below; only warnings and errors are kept.
      '--log.level=info',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let log = ''
  let problems = ''
  const url = await new Promise<string>((resolve, reject) => {
    let bound: string | undefined
    proc.stderr!.on('data', (d) => {
      log += d
      const lines = log.split('\n')
      log = lines.pop()!
      for (const line of lines) {
        if (/level=(warn|error)/.test(line)) problems += `${line}\n`
        const listening = /msg="Listening on" address=(127\.0\.0\.1:\d+)/.exec(line)
        if (listening) bound = listening[1]
        if (line.includes('Server is ready to receive web requests.')) {
          if (bound) resolve(`http://${bound}`)
          else reject(new Error(`prometheus is ready but logged no address:\n${problems}`))
        }
      }
    })
    proc.once('exit', (code, signal) =>
      reject(new Error(`prometheus exited (${code ?? signal}) before it was ready:\n${problems}${log}`)),
    )
  })
  return { proc, url }
}
