/**
 * The retrieval tracker: one query to a vector store or search system, recorded as the
 * conventions' `retrieval` operation. Same shape as the LLM call tracker: start, then `end()` with
 * the number of documents returned, or `fail()`, once. It records the query duration into
 * `gen_ai.client.operation.duration` (`gen_ai.operation.name=retrieval`: the conventions define no
 * retrieval duration of its own), and on llmeter's retrieval metrics the documents returned and
 * the outcome per data source (`gen_ai.data_source.id`). Never throws.
 *
 * A retrieval is not a tool call: the conventions count tool executions per agent invocation, and
 * a retrieval the app runs itself is its own operation (one an agent calls as a tool is recorded
 * by the tool run around it).
 *
 * `runRetrieval` is what the client instrumentations use: it runs the client's method with the
 * retrieval in async context, so an instance patched by `instrument()` on top of the prototype
 * patch (or a client method calling another patched one) records once.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { type Attributes, createNoopMeter } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { guard } from '../internal/guard.js'
import { count } from '../internal/numbers.js'
import { Recorder } from '../recording/recorder.js'
import { defaultRecorder, type RecorderSource } from '../recording/registry.js'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  OTHER_VALUE,
  RETRIEVAL_OPERATION,
} from '../semconv/attributes.js'
import { classifyError, type ErrorType, isErrorType } from '../semconv/error-types.js'

/** What a retrieval is, known when it starts. */
export interface RetrievalOptions {
  /** `gen_ai.provider.name` of the store: `pinecone`, `chroma`, `qdrant`, or the app's own name. */
  provider: string
  /** `gen_ai.data_source.id`: the index or collection queried. Keep it to a bounded set of names. */
  dataSource?: string
  serverAddress?: string
  serverPort?: number
}

const now = () => performance.now()

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** One retrieval in flight. */
export class Retrieval {
  private readonly recorder: Recorder
  private readonly source: Attributes
  private readonly duration: Attributes
  private readonly startedAt = now()
  private finished = false

  constructor(options: RetrievalOptions, recorder: Recorder) {
    this.recorder = recorder
    const limit = recorder.limiter
    const provider = limit.admit(ATTR_GEN_AI_PROVIDER_NAME, text(options?.provider) ?? OTHER_VALUE)
    const dataSource = text(options?.dataSource)
    this.source = { [ATTR_GEN_AI_PROVIDER_NAME]: provider }
    if (dataSource !== undefined)
      this.source[ATTR_GEN_AI_DATA_SOURCE_ID] = limit.admit(ATTR_GEN_AI_DATA_SOURCE_ID, dataSource)
    this.duration = {
      [ATTR_GEN_AI_OPERATION_NAME]: RETRIEVAL_OPERATION,
      [ATTR_GEN_AI_PROVIDER_NAME]: provider,
    }
    const address = text(options?.serverAddress)
    if (address !== undefined) {
      this.duration[ATTR_SERVER_ADDRESS] = limit.admit(ATTR_SERVER_ADDRESS, address)
      const port = options.serverPort
      if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536)
        this.duration[ATTR_SERVER_PORT] = port
    }
  }

  /**
   * Ends the retrieval successfully with the number of documents it returned (0 for an empty
   * result). Without a count, only the duration and the outcome are recorded.
   */
  end(documentCount?: number): void {
    guard('retrieval end', () => {
      if (!this.finish(undefined)) return
      // A bad count is dropped with one warning (an unchecked NaN would poison the series).
      const n = count(documentCount, 'retrieval document count')
      if (n !== undefined) this.recorder.instruments.retrievalDocuments.record(n, this.source)
    })
  }

  /** Ends the retrieval as failed; its `error.type` comes from `errorType`, else the error. */
  fail(error: unknown, errorType?: ErrorType): void {
    guard('retrieval fail', () => {
      this.finish(errorType !== undefined && isErrorType(errorType) ? errorType : classifyError(error))
    })
  }

  /** Records the duration and the outcome; false when the retrieval had already ended. */
  private finish(errorType: ErrorType | undefined): boolean {
    if (this.finished) {
      log.debug('a retrieval was ended twice; ignored')
      return false
    }
    this.finished = true
    const i = this.recorder.instruments
    const failed = (attrs: Attributes) =>
      errorType === undefined ? attrs : { ...attrs, [ATTR_ERROR_TYPE]: errorType }
    i.operationDuration.record((now() - this.startedAt) / 1000, failed(this.duration))
    i.retrievals.add(1, failed(this.source))
    return true
  }
}

/**
 * Starts a retrieval by hand, in `recorder` (default: the running instance's), for a store llmeter
 * does not instrument. Never throws; when tracking cannot start, `end()` and `fail()` do nothing.
 *
 * @example
 * import { startRetrieval } from 'llmeter'
 * const retrieval = startRetrieval({ provider: 'pgvector', dataSource: 'docs' })
 * try {
 *   const rows = await searchDocs(embedding)
 *   retrieval.end(rows.length)
 * } catch (err) { retrieval.fail(err); throw err }
 */
export function startRetrieval(options: RetrievalOptions, recorder?: Recorder): Retrieval {
  try {
    return new Retrieval(options, recorder ?? defaultRecorder())
  } catch (err) {
    log.debug('startRetrieval failed', err)
    const noop = new Retrieval({ provider: OTHER_VALUE }, new Recorder(createNoopMeter()))
    noop.end()
    return noop
  }
}

/** The retrieval the current async context runs in (set by {@link runRetrieval}). */
const retrievalContext = new AsyncLocalStorage<Retrieval>()

/** How an instrumentation reads one client call. */
export interface RetrievalPlan<T> {
  options: RetrievalOptions
  /** The number of documents in the client's result. */
  count(result: T): number
  /** The error's type, when the client's error classes say more than the shared classifier. */
  errorType?(error: unknown): ErrorType | undefined
}

/**
 * Calls `original` as the host called it and records it as one retrieval, as `plan` describes it.
 * Returns the very promise (or value) `original` returned; a call made while a retrieval is
 * already being recorded in this async context, or one `describe` cannot read, passes through.
 */
export function runRetrieval<T>(
  original: (...args: unknown[]) => T,
  self: unknown,
  args: unknown[],
  describe: () => RetrievalPlan<Awaited<T>> | undefined,
  recorder: RecorderSource,
): T {
  if (retrievalContext.getStore() !== undefined) return original.apply(self, args)
  let plan: RetrievalPlan<Awaited<T>> | undefined
  let retrieval: Retrieval | undefined
  try {
    plan = describe()
    if (plan) retrieval = startRetrieval(plan.options, recorder())
  } catch (err) {
    log.debug('retrieval start failed', err)
  }
  if (!plan || !retrieval) return original.apply(self, args)
  const r = retrieval
  const p = plan
  const onError = (err: unknown) => {
    let type: ErrorType | undefined
    try {
      type = p.errorType?.(err)
    } catch {
      type = undefined
    }
    r.fail(err, type)
  }
  let result: T
  try {
    result = retrievalContext.run(r, () => original.apply(self, args))
  } catch (err) {
    onError(err)
    throw err
  }
  const settle = (value: Awaited<T>) => {
    let n: number | undefined
    try {
      n = p.count(value)
    } catch (err) {
      log.debug('retrieval result not read', err)
    }
    r.end(n)
  }
  guard('retrieval observe', () => {
    if (result !== null && typeof (result as { then?: unknown })?.then === 'function') {
      // A side branch: the host's promise is returned untouched, with its own rejection.
      ;(result as PromiseLike<Awaited<T>>).then(settle, onError)
    } else {
      settle(result as Awaited<T>)
    }
  })
  return result
}
