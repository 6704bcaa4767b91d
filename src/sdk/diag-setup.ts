/**
 * Turns diagnostics on from the environment: `OTEL_LOG_LEVEL` (the OTel variable) or
 * `LLMETER_DEBUG=true`. Without either, llmeter says nothing.
 *
 * @module
 */
import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api'

const LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
}

export function setupDiagFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): void {
  const debug = env.LLMETER_DEBUG?.toLowerCase() === 'true' || env.LLMETER_DEBUG === '1'
  const level = debug ? DiagLogLevel.DEBUG : LEVELS[env.OTEL_LOG_LEVEL?.trim().toLowerCase() ?? '']
  if (level === undefined) return
  diag.setLogger(new DiagConsoleLogger(), { logLevel: level, suppressOverrideMessage: true })
}
