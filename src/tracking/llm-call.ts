/**
 * The call tracker: the one code path that records an LLM operation. Every instrumentation
 * (openai, anthropic, ai, langchain) and the manual API feed it; it turns a call's life (start,
 * first chunk, chunks, HTTP attempts, end or failure) into instrument updates. It never throws:
 * bad input is dropped with one diagnostic, and a second `end()` or `fail()` is ignored.
 *
 * @module
 */
import { type Attributes, createNoopMeter } from '@opentelemetry/api'
import type { CallSeries } from '../aggregation/call-series.js'
import { MAX_VALUE_LENGTH } from '../attributes/value-limiter.js'
import { log, warnOnce } from '../internal/diag.js'
import { guard } from '../internal/guard.js'
import { Recorder } from '../recording/recorder.js'
import { defaultRecorder } from '../recording/registry.js'
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_LLMETER_BUDGET_ACTION,
  ATTR_LLMETER_BUDGET_NAME,
  ATTR_LLMETER_RATE_LIMIT_KIND,
  ATTR_LLMETER_RETRY_REASON,
  ATTR_SERVER_ADDRESS,
  GEN_AI_OPERATION,
  OTHER_VALUE,
} from '../semconv/attributes.js'
import {
  classifyError,
  ERROR_TYPE,
  type ErrorType,
  errorTypeFromStatus,
  isErrorType,
} from '../semconv/error-types.js'
import { appLabels } from './app-attributes.js'
import { BudgetExceededError } from './budget-exceeded-error.js'
import { recordUsage } from './call-usage.js'
import { currentAgent } from './context.js'
import { rateLimitReadings } from './rate-limit-headers.js'
import type { LlmUsage } from './usage.js'

/** What a call is, known when it starts. */
export interface LlmCallOptions {
  /** `gen_ai.provider.name`, e.g. `openai`, `anthropic`, `aws.bedrock`. */
  provider: string
  /** `gen_ai.request.model`. */
  model?: string
  /** `gen_ai.operation.name`; default `chat`. */
  operation?: string
  serverAddress?: string
  serverPort?: number
  /**
   * Whether the response is streamed: `llmeter.request.stream` on the request counter and the
   * duration (streamed and plain calls have different latency budgets). Absent when undefined.
   */
  stream?: boolean
  /**
   * App attributes for budget matching (e.g. `{ tenant: 'a' }`). They are never labels.
   */
  attributes?: Readonly<Record<string, string | number | boolean>>
}

/** What a call produced, known when it ends. */
export interface LlmCallResult {
  usage?: LlmUsage
  /** `gen_ai.response.model`, when the response names one. */
  responseModel?: string
  /** A cost in USD the provider returned with the response (e.g. OpenRouter's `usage.cost`). */
  costUsd?: number
}

const now = () => performance.now()

/**
 * A name as llmeter keeps it: cut before any lookup or memory (a response can name its model with
 * any string; no real model id comes near this length).
 */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (value.length === 0) return undefined
    return value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/**
 * One LLM operation in flight. Obtain it from {@link startLlmCall} (or `llm.start`).
 */
export class LlmCall {
  /** Set when an enforced budget refused the call; the caller must not send it. */
  readonly blockedBy: BudgetExceededError | undefined
  private readonly recorder: Recorder
  private readonly startedAt = now()
  private firstChunkAt = -1
  private lastChunkAt = -1
  private chunks = 0
  private attempts = 0
  private lastAttemptReason: string | undefined
  private finished = false
  private responseModel: string | undefined
  /** The pre-aggregated counters of this call's (operation, provider, model). */
  private readonly series: CallSeries
  /** Low-cardinality keys for counters; shared by every update of this call. */
  private readonly counterAttrs: Attributes
  private readonly provider: string
  private readonly model: string | undefined
  private readonly budgetAttrs: Record<string, unknown>
  private serverAddress: string | undefined
  private serverPort: number | undefined
  private readonly stream: boolean | undefined

  constructor(options: LlmCallOptions, recorder: Recorder) {
    this.recorder = recorder
    const limit = recorder.limiter
    const provider = text(options?.provider)
    if (provider === undefined) warnOnce('call:no-provider', 'an LLM call started without a provider name')
    this.provider = limit.admit(ATTR_GEN_AI_PROVIDER_NAME, provider ?? OTHER_VALUE)
    const model = text(options?.model)
    this.model = model === undefined ? undefined : limit.admit(ATTR_GEN_AI_REQUEST_MODEL, model)
    const operation = limit.admit(ATTR_GEN_AI_OPERATION_NAME, text(options?.operation) ?? 'chat')
    this.setServerNow(options?.serverAddress, options?.serverPort)
    // An embedding has no streamed form: the flag would only split its series.
    this.stream =
      typeof options?.stream === 'boolean' && operation !== GEN_AI_OPERATION.embeddings
        ? options.stream
        : undefined
    const app = appLabels(recorder)
    const appKey = app === undefined ? '' : app.map(([k, v]) => `${k}\u0000${v}`).join('\u0000')
    this.series = recorder.calls.get(
      operation,
      this.provider,
      this.model,
      () => {
        const attrs: Attributes = {
          [ATTR_GEN_AI_OPERATION_NAME]: operation,
          [ATTR_GEN_AI_PROVIDER_NAME]: this.provider,
        }
        if (this.model !== undefined) attrs[ATTR_GEN_AI_REQUEST_MODEL] = this.model
        if (app !== undefined) for (const [key, value] of app) attrs[key] = value
        return attrs
      },
      appKey,
    )
    this.counterAttrs = this.series.attributes

    const agent = currentAgent()
    if (agent) agent.inferenceCalls++
    this.budgetAttrs = { ...(options?.attributes ?? {}), ...this.counterAttrs }
    if (agent) this.budgetAttrs[ATTR_GEN_AI_AGENT_NAME] = agent.agentName
    this.blockedBy = recorder.budgets ? this.checkBudgets() : undefined
    if (this.blockedBy) {
      this.fail(this.blockedBy, ERROR_TYPE.budgetExceeded)
      return
    }
    this.series.active++
  }

  /** True once `end`, `fail` or `cancel` was called. */
  get ended(): boolean {
    return this.finished
  }

  /** Counts one output chunk of a stream; the first one also marks time to first chunk. */
  chunk(): void {
    const at = now()
    if (this.firstChunkAt < 0) this.firstChunkAt = at
    this.lastChunkAt = at
    this.chunks++
  }

  /**
   * Records one HTTP attempt's status (instrumentations call it for every response, including
   * those the client retries). A 429 counts as a rate limit; every attempt after the first counts
   * as a retry, by the reason the previous attempt failed.
   */
  httpAttempt(status: number | undefined, errorType?: ErrorType, headers?: unknown): void {
    guard('httpAttempt', () => {
      if (this.finished) return
      const instruments = this.recorder.instruments
      if (headers !== undefined) {
        for (const reading of rateLimitReadings(headers)) {
          const attrs = this.attemptAttrs(ATTR_LLMETER_RATE_LIMIT_KIND, reading.kind)
          if (reading.remaining !== undefined) instruments.rateLimitRemaining.record(reading.remaining, attrs)
          if (reading.limit !== undefined) instruments.rateLimitLimit.record(reading.limit, attrs)
        }
      }
      if (this.attempts > 0) {
        instruments.retries.add(
          1,
          this.attemptAttrs(ATTR_LLMETER_RETRY_REASON, this.lastAttemptReason ?? OTHER_VALUE),
        )
      }
      this.attempts++
      if (status === 429) instruments.rateLimits.add(1, this.attemptAttrs())
      const failed =
        errorType ?? (typeof status === 'number' && status >= 400 ? errorTypeFromStatus(status) : undefined)
      this.lastAttemptReason = failed
    })
  }

  /** Sets `gen_ai.response.model` before `end()`, e.g. from the first stream chunk. */
  setResponseModel(model: string): void {
    const value = text(model)
    if (value !== undefined) this.responseModel = value
  }

  /** Ends the call successfully. */
  end(result?: LlmCallResult): void {
    guard('end', () => this.finish(undefined, result))
  }

  /** Ends the call as failed; `errorType` overrides the classification of `error`. */
  fail(error: unknown, errorType?: ErrorType): void {
    guard('fail', () => {
      const type = errorType !== undefined && isErrorType(errorType) ? errorType : classifyError(error)
      this.finish(type, undefined)
    })
  }

  /** Ends the call as `cancelled` (aborted, or a stream abandoned before its end). */
  cancel(): void {
    guard('cancel', () => this.finish(ERROR_TYPE.cancelled, undefined))
  }

  /**
   * Names the server of a call that started without one: a client that resolves its endpoint only
   * while the request is sent (the AWS SDK). Does nothing once the call has a server or has ended.
   */
  setServer(address: string | undefined, port?: number): void {
    guard('server', () => {
      if (this.serverAddress === undefined && !this.finished) this.setServerNow(address, port)
    })
  }

  private setServerNow(address: unknown, port: unknown): void {
    const host = text(address)
    this.serverAddress =
      host === undefined ? undefined : this.recorder.limiter.admit(ATTR_SERVER_ADDRESS, host)
    this.serverPort =
      typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined
  }

  private attemptAttrs(key?: string, value?: string): Attributes {
    const attrs: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: this.provider }
    if (this.model !== undefined) attrs[ATTR_GEN_AI_REQUEST_MODEL] = this.model
    if (this.serverAddress !== undefined) attrs[ATTR_SERVER_ADDRESS] = this.serverAddress
    if (key !== undefined) attrs[key] = value
    return attrs
  }

  private checkBudgets(): BudgetExceededError | undefined {
    const gate = this.recorder.budgets
    if (!gate) return undefined
    let blocked: BudgetExceededError | undefined
    guard('budget check', () => {
      for (const budget of gate.exhausted(this.budgetAttrs)) {
        this.recorder.instruments.budgetExceeded.add(1, {
          [ATTR_LLMETER_BUDGET_NAME]: budget.name,
          [ATTR_LLMETER_BUDGET_ACTION]: budget.enforced ? 'blocked' : 'warned',
        })
        if (budget.enforced && !blocked)
          blocked = new BudgetExceededError(budget.name, budget.limitUsd, budget.spendUsd)
        else if (!budget.enforced)
          warnOnce(`budget:${budget.name}`, `budget ${budget.name} is exhausted (warn-only)`)
      }
    })
    return blocked
  }

  private finish(errorType: ErrorType | undefined, result: LlmCallResult | undefined): void {
    if (this.finished) {
      log.debug('an LLM call was ended twice; the second end was ignored')
      return
    }
    this.finished = true
    const endedAt = now()
    const instruments = this.recorder.instruments
    const series = this.series
    if (!this.blockedBy) series.active--
    series.finished(errorType, this.stream)

    if (result?.responseModel !== undefined) this.setResponseModel(result.responseModel)
    const responseModel =
      this.responseModel === undefined
        ? undefined
        : this.recorder.limiter.admit(ATTR_GEN_AI_RESPONSE_MODEL, this.responseModel)
    const attrs = series.endAttributes(
      responseModel,
      this.serverAddress,
      this.serverPort,
      errorType,
      this.stream,
    )
    instruments.operationDuration.record((endedAt - this.startedAt) / 1000, attrs.duration)
    if (this.firstChunkAt >= 0) {
      instruments.timeToFirstChunk.record((this.firstChunkAt - this.startedAt) / 1000, attrs.call)
      if (this.chunks > 1) {
        // One sample per stream: the mean gap between output chunks, first to last (a slow tail
        // after the last chunk, e.g. a usage-only event, is not an output gap). A per-chunk
        // histogram update would put the SDK's hashing on every chunk of every stream.
        instruments.timePerOutputChunk.record(
          (this.lastChunkAt - this.firstChunkAt) / 1000 / (this.chunks - 1),
          attrs.call,
        )
      }
    }
    if (result?.usage) {
      recordUsage(this.recorder, series, attrs, result.usage, {
        provider: this.provider,
        models: [this.responseModel, this.model],
        providerCost: result.costUsd,
        budgetAttrs: this.budgetAttrs,
      })
    }
  }
}

/**
 * Starts tracking one LLM operation, in `recorder` (default: the running instance's, or the global
 * MeterProvider's before `start()`). Never throws: when tracking cannot start, the call returned is
 * already ended and all its methods do nothing.
 *
 * @example
 * const call = llm.start({ provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' })
 * try {
 *   const res = await fetchCompletion()
 *   call.end({ usage: { inputTokens: res.usage.prompt_tokens, outputTokens: res.usage.completion_tokens } })
 * } catch (err) {
 *   call.fail(err)
 *   throw err
 * }
 */
export function startLlmCall(options: LlmCallOptions, recorder?: Recorder): LlmCall {
  try {
    return new LlmCall(options, recorder ?? defaultRecorder())
  } catch (err) {
    log.debug('llm.start failed; returning an ended call', err)
    return endedCall()
  }
}

/** A call that is already over, so every method is a no-op (built on a no-op meter). */
function endedCall(): LlmCall {
  const call = new LlmCall({ provider: OTHER_VALUE }, new Recorder(createNoopMeter()))
  call.cancel()
  return call
}
