import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MONITORING, RULE_FILES } from '../../support/monitoring-assets.js'
import { findBinary } from '../../support/promtool.js'

const promtool = (...args: string[]) => {
  const r = spawnSync(findBinary('promtool'), args, { encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}

describe('promtool on every shipped file', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'llmeter-promtool-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it.each(['prometheus.yml', 'prometheus-otel-collector.yml'])('check config %s', (file) => {
    const r = promtool('check', 'config', `${MONITORING}prometheus/${file}`)
    expect(r.output).toContain('SUCCESS')
    expect(r.status, r.output).toBe(0)
  })

  it('check config prometheus-compose.yml, with the rules where docker-compose mounts them', () => {
    cpSync(`${MONITORING}rules`, join(scratch, 'rules'), { recursive: true })
    cpSync(`${MONITORING}prometheus/prometheus-compose.yml`, join(scratch, 'prometheus.yml'))
    const r = promtool('check', 'config', join(scratch, 'prometheus.yml'))
    expect(r.status, r.output).toBe(0)
  })

  it('check config prometheus-kubernetes.yml (its pod discovery swapped for a static target)', () => {
    // Debian's promtool is built without Kubernetes service discovery, so the kubernetes_sd block is
    // replaced; the relabelling, rule files and everything else are checked as shipped.
    const original = readFileSync(`${MONITORING}prometheus/prometheus-kubernetes.yml`, 'utf8')
    expect(original).toContain('kubernetes_sd_configs:\n      - role: pod')
    const rules = join(scratch, 'k8s-rules')
    cpSync(`${MONITORING}rules`, rules, { recursive: true })
    const checked = original
      .replace(
        'kubernetes_sd_configs:\n      - role: pod',
        "static_configs:\n      - targets: ['127.0.0.1:9464']",
      )
      .replaceAll('/etc/prometheus/rules', rules)
    writeFileSync(join(scratch, 'k8s.yml'), checked)
    const r = promtool('check', 'config', join(scratch, 'k8s.yml'))
    expect(r.status, r.output).toBe(0)
  })

  it.each(RULE_FILES.map((f) => [f.split('/').pop(), f]))('check rules %s', (_name, file) => {
    const r = promtool('check', 'rules', file!)
    expect(r.status, r.output).toBe(0)
  })

  it.each(['recording.test.yml', 'alerts.test.yml'])('test rules %s', (file) => {
    const r = promtool('test', 'rules', `${MONITORING}rules/tests/${file}`)
    expect(r.output).toContain('SUCCESS')
    expect(r.status, r.output).toBe(0)
  })

  it('ships ServiceMonitor and PodMonitor manifests for the operator', () => {
    const sm = readFileSync(`${MONITORING}prometheus/servicemonitor.yaml`, 'utf8')
    const pm = readFileSync(`${MONITORING}prometheus/podmonitor.yaml`, 'utf8')
    expect(sm).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: ServiceMonitor$/m)
    expect(pm).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: PodMonitor$/m)
    expect(sm).toContain('path: /metrics')
    expect(pm).toContain('path: /metrics')
  })
})
