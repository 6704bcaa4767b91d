/**
 * Calendar windows (day, month) in an IANA time zone. The window id is the local date of its start
 * (`2025-03-09` or `2025-03`); the end is found by bisection on that id, so DST changes, zones whose
 * day starts at 01:00 and half-hour offsets are all right without date arithmetic of our own.
 *
 * @module
 */
import type { BudgetWindow } from './types.js'

const DAY_MS = 86_400_000
/** Longer than any window plus any offset change, so the id is sure to differ at the far end. */
const SPAN_MS: Record<BudgetWindow, number> = { day: 2 * DAY_MS, month: 33 * DAY_MS }

export class CalendarWindow {
  private readonly format: Intl.DateTimeFormat

  /** Throws RangeError for an unknown time zone (validated before a manager builds one). */
  constructor(
    readonly kind: BudgetWindow,
    readonly timeZone: string,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
  }

  /**
   * The id of the window holding the instant `ms`.
   *
   * @example
   * new CalendarWindow('month', 'Asia/Kolkata').id(Date.parse('2025-01-31T18:30:00Z')) // '2025-02'
   */
  id(ms: number): string {
    let year = ''
    let month = ''
    let day = ''
    for (const part of this.format.formatToParts(ms)) {
      if (part.type === 'year') year = part.value.padStart(4, '0')
      else if (part.type === 'month') month = part.value
      else if (part.type === 'day') day = part.value
    }
    return this.kind === 'day' ? `${year}-${month}-${day}` : `${year}-${month}`
  }

  /** The first millisecond of the window holding `ms`. */
  start(ms: number): number {
    const current = this.id(ms)
    let lo = ms - SPAN_MS[this.kind]
    const hi0 = ms
    while (this.id(lo) === current) lo -= SPAN_MS[this.kind]
    let hi = hi0
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2)
      if (this.id(mid) === current) hi = mid
      else lo = mid
    }
    return hi
  }

  /** The first millisecond after `ms` that belongs to the next window. */
  end(ms: number): number {
    const current = this.id(ms)
    let lo = ms
    let hi = ms + SPAN_MS[this.kind]
    while (this.id(hi) === current) hi += SPAN_MS[this.kind]
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2)
      if (this.id(mid) === current) lo = mid
      else hi = mid
    }
    return hi
  }
}

/** True when `timeZone` is a zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}
