/**
 * What agent invocations, tool executions and workflows share: a clock started at construction,
 * one ending (`end()` or `fail()`, a second one is ignored), and the error type a failure records.
 * Each tracker says what its ending records; this keeps the "exactly once, never throws" rule in
 * one place.
 *
 * @module
 */
import { log } from '../internal/diag.js'
import { guard } from '../internal/guard.js'
import { OTHER_VALUE } from '../semconv/attributes.js'
import { classifyError, type ErrorType, isErrorType } from '../semconv/error-types.js'

/** A name as a label: a non-empty string, else `_OTHER`. */
export function nameOf(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : OTHER_VALUE
}

/** A tracked operation that ends once, successfully or with an error type. */
export abstract class Outcome {
  private finished = false

  /** `startedAt`: when it began (`performance.now()` time), if before it was tracked. */
  constructor(private readonly startedAt: number = performance.now()) {}

  /** What this tracker is, for the diagnostic a second ending logs. */
  protected abstract readonly what: string

  /** Records the ending: `seconds` since start, `errorType` when it failed. */
  protected abstract record(seconds: number, errorType: ErrorType | undefined): void

  /** Ends it successfully. */
  end(): void {
    guard(`${this.what} end`, () => this.finish(undefined))
  }

  /** Ends it as failed; `errorType` (one of llmeter's) overrides the type classified from `error`. */
  fail(error: unknown, errorType?: ErrorType): void {
    guard(`${this.what} fail`, () =>
      this.finish(errorType !== undefined && isErrorType(errorType) ? errorType : classifyError(error)),
    )
  }

  private finish(errorType: ErrorType | undefined): void {
    if (this.finished) {
      log.debug(`a ${this.what} was ended twice; ignored`)
      return
    }
    this.finished = true
    this.record((performance.now() - this.startedAt) / 1000, errorType)
  }
}

/** `attrs` with `error.type` added when the operation failed. */
export function withErrorType<A extends object>(attrs: A, key: string, errorType: ErrorType | undefined): A {
  return errorType === undefined ? attrs : { ...attrs, [key]: errorType }
}
