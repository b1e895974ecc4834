import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatPercent } from './index'

describe('dates as a county clerk writes them', () => {
  it('keeps a day as it is', () => expect(formatDate('2026-12-05')).toBe('2026-12-05'))
  it('shows an instant as its day in China', () => expect(formatDate('2026-12-05T17:30:00Z')).toBe('2026-12-06'))
  it('shows a moment in China time', () => expect(formatDateTime('2026-12-05T06:03:00Z')).toBe('2026-12-05 14:03'))
  it('says nothing is there with a dash', () => expect(formatDate(null)).toBe('—'))
  it('shows a rate with one decimal', () => expect(formatPercent(87.345)).toBe('87.3%'))
})
