/**
 * A final flush when the process stops cleanly: on `beforeExit`, and on SIGTERM/SIGINT. The
 * host's exit behaviour is kept: when llmeter is the only listener of a signal, it re-raises the
 * signal after flushing so the process ends exactly as it would have; when the app has its own
 * listener, the app decides. Opt out with `flushOnExit: false` / `LLMETER_FLUSH_ON_EXIT=false`.
 *
 * @module
 */
import { log } from '../internal/diag.js'

const SIGNALS = ['SIGTERM', 'SIGINT'] as const

/** Installs the hooks; returns a function that removes them. */
export function installExitHooks(flush: () => Promise<void>): () => void {
  let flushed = false
  const onBeforeExit = () => {
    if (flushed) return
    flushed = true
    flush().catch((err) => log.debug('final flush failed', err))
  }
  const onSignal = (signal: NodeJS.Signals) => {
    const othersListen = process.listenerCount(signal) > 1
    remove()
    flushed = true
    flush()
      .catch((err) => log.debug('flush on signal failed', err))
      .finally(() => {
        if (!othersListen) process.kill(process.pid, signal)
      })
  }
  const remove = () => {
    process.off('beforeExit', onBeforeExit)
    for (const signal of SIGNALS) process.off(signal, onSignal)
  }
  process.on('beforeExit', onBeforeExit)
  for (const signal of SIGNALS) process.on(signal, onSignal)
  return remove
}
