import { describe, expect, it } from 'vitest'
import { addMonths, cutoffDayOf, latestEndedMonth, monthsUpTo } from './months'

describe('months of the monthly report', () => {
  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-12', -12)).toBe('2025-12')
  })

  it('reads the cut-off day from a report period', () => {
    expect(cutoffDayOf('2026-11-28')).toBe(28)
    expect(cutoffDayOf('2026-11-30')).toBe(0)
    expect(cutoffDayOf('2024-02-29')).toBe(0)
  })

  it('offers this month only once its cut-off day is over', () => {
    expect(latestEndedMonth('2026-12-06', 28)).toBe('2026-11')
    expect(latestEndedMonth('2026-12-28', 28)).toBe('2026-11')
    expect(latestEndedMonth('2026-12-29', 28)).toBe('2026-12')
    expect(latestEndedMonth('2026-12-31', 0)).toBe('2026-11')
    expect(latestEndedMonth('2026-12-29', null)).toBe('2026-11')
  })

  it('lists the last twelve months oldest first', () => {
    expect(monthsUpTo('2026-11', 12)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05',
      '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ])
  })
})
