import { describe, expect, it } from 'vitest'
import { asOfRefused, isPast, onRefused, shownLine, shownTag, timeParams, timeTagType } from './readTime'

const day = (text: string) => new Date(`${text}T12:00:00`)

describe('what a ledger, dashboard or report shows (业务日期 and 统计时点)', () => {
  it('says "now" for a live answer', () => {
    const answer = { asOf: '2026-12-06T06:03:00Z', asOfDay: '2026-12-06', live: true, byBusinessDate: false }
    expect(shownLine(answer)).toBe('当前情况（截至 2026-12-06 14:03 录入的记录）')
    expect(shownTag(answer)).toBe('实时')
    expect(timeTagType(answer)).toBe('success')
  })

  it('says which day by business dates, as known now, for on alone', () => {
    const answer = { asOf: '2026-12-06T06:03:00Z', asOfDay: '2026-10-31', live: false, byBusinessDate: true }
    expect(shownLine(answer, { on: '2026-10-31' })).toBe('2026-10-31 当天的情况（按业务日期，截至现在录入的记录）')
    expect(shownTag(answer)).toBe('按业务日期')
    expect(timeTagType(answer)).toBe('primary')
  })

  it('says which day as known then, for on with asOf', () => {
    const answer = { asOf: '2026-11-05T15:59:59.999Z', asOfDay: '2026-10-31', live: false, byBusinessDate: true }
    expect(shownLine(answer, { on: '2026-10-31', asOf: '2026-11-05' }))
      .toBe('2026-10-31 当天的情况（按业务日期，截至 2026-11-05 当天结束时录入的记录）')
    expect(shownLine({ ...answer, asOf: '2026-11-05T10:00:00Z' }, { on: '2026-10-31', asOf: '2026-11-05T18:00:00+08:00' }))
      .toBe('2026-10-31 当天的情况（按业务日期，截至 2026-11-05 18:00 时录入的记录）')
  })

  it('says what the system knew then, for asOf alone', () => {
    const answer = { asOf: '2026-10-31T15:59:59.999Z', asOfDay: '2026-10-31', live: false, byBusinessDate: false }
    expect(shownLine(answer, { asOf: '2026-10-31' }))
      .toBe('截至 2026-10-31 当天结束时系统所掌握的情况（之后补录、更正的记录不计入）')
    expect(shownTag(answer)).toBe('历史时点重现')
    expect(timeTagType(answer)).toBe('warning')
  })

  it('reads an answer without byBusinessDate (an older server) as before', () => {
    expect(shownLine({ asOf: '2026-10-31T15:59:59.999Z', asOfDay: '2026-10-31', live: false }, { asOf: '2026-10-31' }))
      .toContain('系统所掌握的情况')
  })
})

describe('the two parameters', () => {
  it('leave out what was not asked, for the API and for links', () => {
    expect(timeParams({})).toEqual({})
    expect(timeParams({ on: '2026-10-31', asOf: undefined })).toEqual({ on: '2026-10-31' })
    expect(timeParams({ on: '', asOf: '2026-11-05' })).toEqual({ asOf: '2026-11-05' })
    expect(isPast({})).toBe(false)
    expect(isPast({ on: '2026-10-31' })).toBe(true)
    expect(isPast({ asOf: '2026-10-31' })).toBe(true)
  })

  it('refuse a 业务日期 in the future or after the 统计时点', () => {
    const refused = onRefused(undefined, '2026-12-06')
    expect(refused(day('2026-12-06'))).toBe(false)
    expect(refused(day('2026-12-07'))).toBe(true)
    const beforeAsOf = onRefused('2026-11-05', '2026-12-06')
    expect(beforeAsOf(day('2026-11-05'))).toBe(false)
    expect(beforeAsOf(day('2026-11-06'))).toBe(true)
  })

  it('refuse a 统计时点 in the future or before the 业务日期', () => {
    const refused = asOfRefused('2026-10-31', '2026-12-06')
    expect(refused(day('2026-10-30'))).toBe(true)
    expect(refused(day('2026-10-31'))).toBe(false)
    expect(refused(day('2026-12-07'))).toBe(true)
    expect(asOfRefused(undefined, '2026-12-06')(day('2025-01-01'))).toBe(false)
  })
})
