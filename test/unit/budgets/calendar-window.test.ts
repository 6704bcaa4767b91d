import { describe, expect, it } from 'vitest'
import { CalendarWindow, isValidTimeZone } from '../../../src/budgets/calendar-window.js'

const t = (iso: string) => Date.parse(iso)

describe('calendar windows', () => {
  it('names a UTC day by its date and ends it at the next midnight', () => {
    const day = new CalendarWindow('day', 'UTC')
    expect(day.id(t('2025-03-09T23:59:59.999Z'))).toBe('2025-03-09')
    expect(day.id(t('2025-03-10T00:00:00.000Z'))).toBe('2025-03-10')
    expect(day.start(t('2025-03-09T13:00:00Z'))).toBe(t('2025-03-09T00:00:00.000Z'))
    expect(day.end(t('2025-03-09T13:00:00Z'))).toBe(t('2025-03-10T00:00:00.000Z'))
  })

  it('follows a half-hour time zone for month boundaries', () => {
    const month = new CalendarWindow('month', 'Asia/Kolkata')
    expect(month.id(t('2025-01-31T18:29:59.999Z'))).toBe('2025-01')
    expect(month.id(t('2025-01-31T18:30:00.000Z'))).toBe('2025-02')
    expect(month.end(t('2025-01-15T00:00:00Z'))).toBe(t('2025-01-31T18:30:00.000Z'))
    expect(month.start(t('2025-01-15T00:00:00Z'))).toBe(t('2024-12-31T18:30:00.000Z'))
  })

  it('gives a 23-hour day on the spring DST change', () => {
    const day = new CalendarWindow('day', 'America/New_York')
    const noon = t('2025-03-09T16:00:00Z')
    expect(day.start(noon)).toBe(t('2025-03-09T05:00:00.000Z'))
    expect(day.end(noon)).toBe(t('2025-03-10T04:00:00.000Z'))
    expect(day.end(noon) - day.start(noon)).toBe(23 * 3_600_000)
  })

  it('ends December in the next year', () => {
    const month = new CalendarWindow('month', 'UTC')
    expect(month.end(t('2025-12-31T23:59:59.999Z'))).toBe(t('2026-01-01T00:00:00.000Z'))
    expect(month.id(t('2026-01-01T00:00:00.000Z'))).toBe('2026-01')
  })

  it('recognizes IANA zones and rejects others', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
  })
})
