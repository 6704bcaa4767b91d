import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  MONITORING,
  PROMETHEUS_CONFIGS,
  RULE_FILES,
  RULE_TEST_FILES,
  rulesOf,
} from '../../support/monitoring-assets.js'
import { spawnPrometheus } from '../../support/prometheus.js'
import { findBinary } from '../../support/promtool.js'

// Debian's promtool (apt-get install prometheus). findBinary throws when it is missing, so every
// test here fails with that message instead of being skipped.
function run(binary: 'promtool' | 'amtool', args: string[]): { status: number | null; output: string } {
  const r = spawnSync(findBinary(binary), args, { encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` }
}
const promtool = (...args: string[]) => run('promtool', args)

// The shipped Kubernetes config with its pod discovery swapped for static targets carrying the
// __meta_kubernetes_* labels pod discovery would give; everything else as shipped.
function kubernetesWithStaticPods(pods: Record<string, string>[]): string {
  const original = readFileSync(`${MONITORING}prometheus/${KUBERNETES}`, 'utf8')
  expect(original).toContain('kubernetes_sd_configs:\n      - role: pod')
  const targets = pods
    .map(
      (labels, i) =>
        `      - targets: ['10.0.0.${i + 1}:8080']\n        labels:\n` +
        Object.entries(labels)
          .map(([k, v]) => `          ${k}: '${v}'`)
          .join('\n'),
    )
    .join('\n')
  return original
    .replace('kubernetes_sd_configs:\n      - role: pod', `static_configs:\n${targets}`)
    .replaceAll('/etc/prometheus/rules/', `${MONITORING}rules/`)
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
    expect(RULE_TEST_FILES.map(name)).toEqual([
      'agents.test.yml',
      'alerts.test.yml',
      'burn-rate-pairs.test.yml',
      'cost-anomaly.test.yml',
      'recording.test.yml',
    ])
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
    writeFileSync(join(scratch, KUBERNETES), kubernetesWithStaticPods([{}]))
    const r = promtool('check', 'config', join(scratch, KUBERNETES))
    expect(r.status, r.output).toBe(0)
    expect(r.output).toMatch(/SUCCESS: 2 rule files found/)
  })

  it(`${KUBERNETES} gives each app its own job and marks every target llmeter_path="direct"`, async () => {
    // A real Prometheus applies the shipped relabelling to three pods as pod discovery describes
    // them: one with app.kubernetes.io/name, one with only an `app` label, one with neither.
    const meta = (ns: string, pod: string, extra: Record<string, string>) => ({
      __meta_kubernetes_namespace: ns,
      __meta_kubernetes_pod_name: pod,
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_annotation_prometheus_io_port: '9464',
      __meta_kubernetes_pod_annotation_prometheus_io_path: '/metrics',
      ...extra,
    })
    const dir = mkdtempSync(join(scratch, 'k8s-'))
    writeFileSync(
      join(dir, 'prometheus.yml'),
      kubernetesWithStaticPods([
        meta('shop', 'chat-api-1', {
          __meta_kubernetes_pod_label_app_kubernetes_io_name: 'chat-api',
          __meta_kubernetes_pod_label_app: 'legacy-name',
        }),
        meta('shop', 'search-1', { __meta_kubernetes_pod_label_app: 'search' }),
        meta('batch', 'job-1', {}),
      ]).replace(/^alerting:\n(?: {2}.*\n)+/m, ''),
    )
    const { proc, url } = await spawnPrometheus(join(dir, 'prometheus.yml'), join(dir, 'data'))
    try {
      // Discovery and relabelling happen on Prometheus's first target sync: wait for the three targets.
      const targets = await vi.waitFor(
        async () => {
          const res = await fetch(`${url}/api/v1/targets`)
          const active = (
            (await res.json()) as { data: { activeTargets: { labels: Record<string, string> }[] } }
          ).data.activeTargets
          if (active.length < 3) throw new Error(`${active.length} targets so far`)
          return active
        },
        { timeout: 30_000, interval: 100 },
      )
      const seen = targets
        .map(
          ({ labels }) =>
            `${labels.job} ${labels.instance} ${labels.llmeter_path} ${labels.namespace}/${labels.pod}`,
        )
        .sort()
      expect(seen).toEqual([
        'llmeter-pods 10.0.0.3:9464 direct batch/job-1',
        'shop/chat-api 10.0.0.1:9464 direct shop/chat-api-1',
        'shop/search 10.0.0.2:9464 direct shop/search-1',
      ])
    } finally {
      const exited = once(proc, 'exit')
      proc.kill('SIGKILL')
      await exited
    }
  }, 60_000)

  it.each(RULE_FILES.map((f) => [name(f), f]))('check rules %s', (_name, file) => {
    const r = promtool('check', 'rules', file)
    expect(r.status, r.output).toBe(0)
    // promtool's count equals what the tests' own reader finds, so no rule escapes the other checks.
    expect(r.output).toContain(`SUCCESS: ${rulesOf(file).length} rules found`)
  })

  // The alert tests replay 30-hour error-budget windows: minutes of CPU on a loaded 2-core machine.
  it.each(RULE_TEST_FILES.map((f) => [name(f), f]))(
    'test rules %s',
    (_name, file) => {
      const r = promtool('test', 'rules', file)
      expect(r.status, r.output).toBe(0)
      expect(r.output).toContain('SUCCESS')
    },
    600_000,
  )

  it('every Prometheus config sends alerts to an Alertmanager and marks its targets with llmeter_path', () => {
    for (const file of PROMETHEUS_CONFIGS) {
      const text = readFileSync(file, 'utf8')
      expect(text, name(file)).toMatch(
        /^alerting:\n {2}alertmanagers:\n {4}(?:#.*\n {4})?- static_configs:\n {8}- targets: \['[^']+:9093'\]$/m,
      )
      const path = name(file) === 'prometheus-otel-collector.yml' ? 'collector' : 'direct'
      expect(text, name(file)).toMatch(
        name(file) === KUBERNETES
          ? /^ {6}- target_label: llmeter_path\n {8}replacement: direct$/m
          : new RegExp(`^ {8}labels:\\n {10}llmeter_path: ${path}$`, 'm'),
      )
    }
  })

  it('amtool check-config alertmanager.yml', () => {
    const r = run('amtool', ['check-config', `${MONITORING}alertmanager/alertmanager.yml`])
    expect(r.status, r.output).toBe(0)
    expect(r.output).toContain('SUCCESS')
    expect(r.output).toContain(' - 1 receivers')
  })

  it('ships ServiceMonitor and PodMonitor manifests for the operator', () => {
    const sm = readFileSync(`${MONITORING}prometheus/servicemonitor.yaml`, 'utf8')
    const pm = readFileSync(`${MONITORING}prometheus/podmonitor.yaml`, 'utf8')
    expect(sm).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: ServiceMonitor$/m)
    expect(pm).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: PodMonitor$/m)
    expect(sm).toMatch(/endpoints:\n\s+- port: metrics\n\s+path: \/metrics/)
    expect(pm).toMatch(/podMetricsEndpoints:\n\s+- port: metrics\n\s+path: \/metrics/)
    for (const manifest of [sm, pm]) {
      // kube-prometheus-stack selects monitors by the release label.
      expect(manifest).toMatch(/^metadata:\n(?: {2}.*\n)*? {4}release: kube-prometheus-stack$/m)
      expect(manifest).toMatch(
        /relabelings:\n(?: +#.*\n)? +- action: replace\n +targetLabel: llmeter_path\n +replacement: direct$/m,
      )
    }
  })

  it('ships a PrometheusRule equal to the rule files, which promtool accepts', () => {
    const generated = spawnSync(process.execPath, [`${MONITORING}prometheus/prometheusrule.mjs`], {
      encoding: 'utf8',
    })
    expect(generated.status, generated.stderr).toBe(0)
    const shipped = readFileSync(`${MONITORING}prometheus/prometheusrule.yaml`, 'utf8')
    expect(shipped).toBe(generated.stdout)
    expect(shipped).toMatch(
      /^kind: PrometheusRule\n(?:.*\n)*? {4}release: kube-prometheus-stack\nspec:\n {2}groups:\n/m,
    )
    // spec.groups, dedented, is a rule file: promtool counts every rule of both files.
    const groups = shipped.slice(shipped.indexOf('spec:\n') + 'spec:\n'.length).replace(/^ {2}/gm, '')
    writeFileSync(join(scratch, 'prometheusrule-groups.yml'), groups)
    const r = promtool('check', 'rules', join(scratch, 'prometheusrule-groups.yml'))
    expect(r.status, r.output).toBe(0)
    const total = RULE_FILES.reduce((n, f) => n + rulesOf(f).length, 0)
    expect(r.output).toContain(`SUCCESS: ${total} rules found`)
  })

  it('docker-compose mounts the checked configs, not copies', () => {
    const compose = readFileSync(`${MONITORING}docker-compose.yml`, 'utf8')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: docker compose's variable syntax, not JS
    expect(compose).toContain('--config.file=/etc/llmeter/prometheus/${PROMETHEUS_CONFIG:-prometheus.yml}')
    expect(compose).toContain("--config=/etc/llmeter/otel-collector/config.yaml']")
    expect(compose).toContain('--config.file=/etc/llmeter/alertmanager/alertmanager.yml')
    expect(compose).toContain('- .:/etc/llmeter:ro')
    expect(compose).toContain('./grafana/llmeter-dashboard.json:/var/lib/grafana/dashboards/')
    expect(compose).toContain('npm run demo')
  })

  it('docker-compose keeps the 30 days of samples the SLO rules read', () => {
    const compose = readFileSync(`${MONITORING}docker-compose.yml`, 'utf8')
    const days = /--storage\.tsdb\.retention\.time=(\d+)d\n/.exec(compose)?.[1]
    expect(Number(days)).toBeGreaterThanOrEqual(30)
    expect(days).toBe('35')
  })
})
