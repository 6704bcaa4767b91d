import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  MONITORING,
  PROMETHEUS_CONFIGS,
  RULE_FILES,
  RULE_TEST_FILES,
  rulesOf,
} from '../../support/monitoring-assets.js'
import { findBinary } from '../../support/promtool.js'
import { splitRuleTestFile } from '../../support/rule-tests.js'

// Debian's promtool (apt-get install prometheus). findBinary throws when it is missing, so every
// test here fails with that message instead of being skipped.
function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(findBinary('promtool'), args, { encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` }
}

/** promtool without blocking the worker, so several can run at once. */
function promtoolAsync(...args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(findBinary('promtool'), args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ status, output: `${stdout}${stderr}${error && status === null ? String(error) : ''}` })
    })
  })
}

const KUBERNETES = 'prometheus-kubernetes.yml'
const name = (file: string) => basename(file)

describe('promtool on every shipped file', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'llmeter-promtool-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('finds the configs, rule files and rule tests it checks', () => {
    expect(PROMETHEUS_CONFIGS.map(name)).toEqual([
      'prometheus-kubernetes.yml',
      'prometheus-otel-collector.yml',
      'prometheus.yml',
    ])
    expect(RULE_FILES.length).toBe(2)
    expect(RULE_TEST_FILES.length).toBeGreaterThanOrEqual(3)
  })

  it.each(PROMETHEUS_CONFIGS.filter((f) => name(f) !== KUBERNETES).map((f) => [name(f), f]))(
    'check config %s (with the rule files it loads)',
    (_name, file) => {
      const r = promtool('check', 'config', file)
      expect(r.status, r.output).toBe(0)
      expect(r.output).toMatch(/SUCCESS: 2 rule files found/)
    },
  )

  it(`check config ${KUBERNETES} (its pod discovery swapped for a static target)`, () => {
    // Debian's promtool is built without Kubernetes service discovery, so the kubernetes_sd block is
    // replaced; the relabelling and everything else are checked as shipped, the rules from the repo.
    const original = readFileSync(`${MONITORING}prometheus/${KUBERNETES}`, 'utf8')
    expect(original).toContain('kubernetes_sd_configs:\n      - role: pod')
    const checked = original
      .replace(
        'kubernetes_sd_configs:\n      - role: pod',
        "static_configs:\n      - targets: ['127.0.0.1:9464']",
      )
      .replaceAll('/etc/prometheus/rules/', `${MONITORING}rules/`)
    writeFileSync(join(scratch, KUBERNETES), checked)
    const r = promtool('check', 'config', join(scratch, KUBERNETES))
    expect(r.status, r.output).toBe(0)
    expect(r.output).toMatch(/SUCCESS: 2 rule files found/)
  })

  it.each(RULE_FILES.map((f) => [name(f), f]))('check rules %s', (_name, file) => {
    const r = promtool('check', 'rules', file)
    expect(r.status, r.output).toBe(0)
    // promtool's count equals what the tests' own reader finds, so no rule escapes the other checks.
    expect(r.output).toContain(`SUCCESS: ${rulesOf(file).length} rules found`)
  })

  // Each file's test groups run as parallel promtool processes (promtool evaluates every group on
  // its own fresh storage, so a group alone gives the result it gives in its file), and the files
  // run concurrently: the slowest group, not the sum of them, sets how long this takes.
  it.concurrent.each(RULE_TEST_FILES.map((f) => [name(f), f]))(
    'test rules %s',
    { timeout: 180_000 },
    async (_name, file) => {
      const parts = splitRuleTestFile(file, mkdtempSync(join(scratch, `${name(file)}-`)))
      expect(parts.length).toBeGreaterThan(0)
      const results = await Promise.all(parts.map((part) => promtoolAsync('test', 'rules', part)))
      for (const [i, r] of results.entries()) {
        expect(r.status, `${name(parts[i]!)}: ${r.output}`).toBe(0)
        expect(r.output, name(parts[i]!)).toContain('SUCCESS')
      }
    },
  )

  it('ships ServiceMonitor and PodMonitor manifests for the operator', () => {
    const sm = readFileSync(`${MONITORING}prometheus/servicemonitor.yaml`, 'utf8')
    const pm = readFileSync(`${MONITORING}prometheus/podmonitor.yaml`, 'utf8')
    expect(sm).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: ServiceMonitor$/m)
    expect(pm).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: PodMonitor$/m)
    expect(sm).toMatch(/endpoints:\n\s+- port: metrics\n\s+path: \/metrics/)
    expect(pm).toMatch(/podMetricsEndpoints:\n\s+- port: metrics\n\s+path: \/metrics/)
  })

  it('docker-compose mounts the checked configs, not copies', () => {
    const compose = readFileSync(`${MONITORING}docker-compose.yml`, 'utf8')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: docker compose's variable syntax, not JS
    expect(compose).toContain('--config.file=/etc/llmeter/prometheus/${PROMETHEUS_CONFIG:-prometheus.yml}')
    expect(compose).toContain("--config=/etc/llmeter/otel-collector/config.yaml']")
    expect(compose).toContain('- .:/etc/llmeter:ro')
    expect(compose).toContain('./grafana/llmeter-dashboard.json:/var/lib/grafana/dashboards/')
    expect(compose).toContain('npm run demo')
  })
})
