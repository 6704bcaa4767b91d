/** A throwaway self-signed certificate for 127.0.0.1, made with the openssl command line. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TlsFiles } from './redis-server.js'

export function makeSelfSignedCert(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'llmeter-tls-'))
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') }
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  )
  if (made.error || made.status !== 0) {
    throw new Error(`openssl could not make a test certificate: ${made.error?.message ?? made.stderr}`)
  }
  return files
}
