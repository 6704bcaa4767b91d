/**
 * One collection's exposition, shared by every scrape that arrives while it is being produced.
 * Fifty concurrent scrapes then cost one `collect()` and one serialization instead of fifty, whose
 * synchronous parts would otherwise run back to back and stall the host's event loop.
 *
 * The text is produced in slices of at most ~8 ms (yielding to the event loop between them) and
 * kept as Buffers of about 64 KiB, encoded once and written to every client as they are.
 *
 * @module
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ScrapeInput } from '../../cluster/primary-aggregator.js'
import { log } from '../../internal/diag.js'
import { serializePieces } from './serializer.js'

/** Data points serialized between two checks of the clock. */
const POINTS_PER_PIECE = 64
/** Longest stretch of serialization before yielding to the event loop. */
const SLICE_MS = 8
/** Pieces are joined up to about this many characters before they are handed on. */
const CHUNK_CHARS = 64 * 1024

/**
 * Serializes `input` in slices, handing chunks of about 64 KiB to `write` and yielding to the
 * event loop whenever a slice took more than ~8 ms. Awaits `write` when it returns a promise.
 */
export async function serializeSliced(
  input: ScrapeInput,
  write: (chunk: string) => Promise<void> | void,
): Promise<void> {
  let sliceStart = performance.now()
  let chunk = ''
  for (const piece of serializePieces(input.resourceMetrics, POINTS_PER_PIECE, input.extraTargets)) {
    chunk += piece
    if (chunk.length >= CHUNK_CHARS) {
      await write(chunk)
      chunk = ''
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn()
      sliceStart = performance.now()
    }
  }
  if (chunk !== '') await write(chunk)
}

export type ExpositionState = 'running' | 'done' | 'failed'

/** The chunks of one collection's exposition, growing while it is produced. */
export class SharedExposition {
  readonly chunks: Buffer[] = []
  state: ExpositionState = 'running'
  /** Plain callbacks rather than events: any number of clients may wait without listener limits. */
  private waiters: (() => void)[] = []

  /** Undefined when chunk `index` exists or nothing more will come; else resolves when either holds. */
  whenAvailable(index: number): Promise<void> | undefined {
    if (index < this.chunks.length || this.state !== 'running') return undefined
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.wake()
  }

  finish(state: 'done' | 'failed'): void {
    this.state = state
    this.wake()
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}

async function produce(exposition: SharedExposition, collect: () => Promise<ScrapeInput>): Promise<void> {
  try {
    const input = await collect()
    await serializeSliced(input, (chunk) => exposition.push(Buffer.from(chunk, 'utf8')))
    exposition.finish('done')
  } catch (err) {
    log.error('metrics collection failed', err)
    exposition.finish('failed')
  }
}

/**
 * Returns a function giving the exposition to serve now: the one being produced if a collection
 * is running, else a new one produced from `collect`.
 */
export function coalesceCollections(): (collect: () => Promise<ScrapeInput>) => SharedExposition {
  // The running collection, shared by the scrapes of one reader.
  let current: SharedExposition | undefined
  return (collect) => {
    if (current?.state === 'running') return current
    const exposition = new SharedExposition()
    current = exposition
    void produce(exposition, collect)
    return exposition
  }
}
