/**
 * Finds Debian's promtool/prometheus binaries (package prometheus) and amtool (package
 * prometheus-alertmanager); tests that need them fail clearly when absent.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export function findBinary(name: 'promtool' | 'prometheus' | 'amtool'): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/local/bin'])) {
    const path = `${dir}/${name}`
    if (dir && existsSync(path)) return path
  }
  const pkg = name === 'amtool' ? 'prometheus-alertmanager' : 'prometheus'
  throw new Error(
    `${name} is not installed: run \`bash scripts/install-system-deps.sh\` (apt-get install -y ${pkg})`,
  )
}

/** Runs `promtool check metrics` on an exposition; returns its exit status and output. */
export function promtoolCheckMetrics(exposition: string): { status: number | null; output: string } {
  const result = spawnSync(findBinary('promtool'), ['check', 'metrics'], {
    input: exposition,
    encoding: 'utf8',
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}
