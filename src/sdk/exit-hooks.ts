/**
 * A final flush when the process stops: on `beforeExit`, and on SIGTERM/SIGINT. The host's exit
 * behaviour is kept. When llmeter is the only listener of a signal, it stops (flush, then shut
 * down) and re-raises the signal so the process ends exactly as it would have. When the app has
 * its own listener, the app decides when to stop: llmeter only flushes, keeps recording and
 * serving (a Kubernetes drain goes on for seconds after SIGTERM), and the app's own `shutdown()`
 * delivers the last interval. At a natural end, the stop is bounded by the shutdown timeout. Opt out with `flushOnExit: false` / `LLMETER_FLUSH_ON_EXIT=false`.
 *
 * @module
 */
import { log } from '../internal/diag.js'

const SIGNALS = ['SIGTERM', 'SIGINT'] as const

export interface ExitActions {
  /** Pushes what was recorded so far; llmeter keeps running. */
  flush(): Promise<void>
  /** Flushes and stops; true when it finished within the shutdown timeout. */
  stop(): Promise<boolean>
}

/** Installs the hooks; returns a function that removes them. */
export function installExitHooks(actions: ExitActions): () => void {
  const onBeforeExit = () => {
    remove()
    // The app's work is done and the process is ending. When the stop gave up (a collector that
    // hangs or refuses), what is left on the event loop is the exporter's own request and retries:
    // end the process now, with the exit code it was going to have, instead of waiting them out.
    actions.stop().then(
      (finished) => {
        if (!finished) process.exit()
      },
      (err) => log.debug('final flush failed', err),
    )
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) {
      actions.flush().catch((err) => log.debug('flush on signal failed', err))
      return
    }
    remove()
    actions
      .stop()
      .catch((err) => log.debug('flush on signal failed', err))
      .finally(() => process.kill(process.pid, signal))
  }
  const remove = () => {
    process.off('beforeExit', onBeforeExit)
    for (const signal of SIGNALS) process.off(signal, onSignal)
  }
  process.on('beforeExit', onBeforeExit)
  for (const signal of SIGNALS) process.on(signal, onSignal)
  return remove
}
