/** Captures OTel diag output for assertions on llmeter's diagnostics. */
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api'
import { resetWarnings } from '../../src/internal/diag.js'

export interface DiagCapture {
  readonly lines: { level: string; message: string }[]
  /** Lines at warn level or above whose message contains `text`. */
  warnings(text?: string): string[]
  stop(): void
}

export function captureDiag(): DiagCapture {
  resetWarnings()
  const lines: { level: string; message: string }[] = []
  const push =
    (level: string) =>
    (message: string, ...args: unknown[]) => {
      lines.push({ level, message: [message, ...args.map((a) => String(a))].join(' ') })
    }
  const logger: DiagLogger = {
    error: push('error'),
    warn: push('warn'),
    info: push('info'),
    debug: push('debug'),
    verbose: push('verbose'),
  }
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true })
  return {
    lines,
    warnings: (text) =>
      lines
        .filter(
          (l) =>
            (l.level === 'warn' || l.level === 'error') && (text === undefined || l.message.includes(text)),
        )
        .map((l) => l.message),
    stop: () => diag.disable(),
  }
}
