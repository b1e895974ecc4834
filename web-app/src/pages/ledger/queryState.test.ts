import { describe, expect, it } from 'vitest'
import { askedTime, patchedQuery, sortParam, tableSort } from './queryState'

describe('ledger sort parameter', () => {
  it('reads field and field,desc as the table sort', () => {
    expect(tableSort(undefined)).toBeUndefined()
    expect(tableSort('lastVisitOn')).toEqual({ prop: 'lastVisitOn', order: 'ascending' })
    expect(tableSort('overdue,desc')).toEqual({ prop: 'overdue', order: 'descending' })
  })

  it('writes the table sort back as the server expects it, and nothing when unsorted', () => {
    expect(sortParam('visitCount', 'ascending')).toBe('visitCount')
    expect(sortParam('visitCount', 'descending')).toBe('visitCount,desc')
    expect(sortParam('visitCount', null)).toBeUndefined()
    expect(sortParam(null, 'ascending')).toBeUndefined()
  })
})

describe('the URL state of a page with 业务日期 (on) and 统计时点 (asOf)', () => {
  it('keeps a 业务日期 beside the filters, and starts again on the first page', () => {
    const query = patchedQuery({ region: '439921100', status: ['PERSUADING'], page: '3' }, { on: '2026-10-31' })
    expect(query).toEqual({ region: '439921100', status: ['PERSUADING'], on: '2026-10-31' })
  })

  it('clearing the 业务日期 removes it and keeps the 统计时点', () => {
    expect(patchedQuery({ on: '2026-10-31', asOf: '2026-11-05', size: '100' }, { on: undefined }))
      .toEqual({ asOf: '2026-11-05', size: '100' })
    expect(patchedQuery({ on: '2026-10-31' }, { on: null })).toEqual({})
    expect(patchedQuery({ on: '2026-10-31' }, { on: '' })).toEqual({})
  })

  it('a page change keeps both clocks', () => {
    expect(patchedQuery({ on: '2026-10-31', asOf: '2026-11-05' }, { page: 2 }))
      .toEqual({ on: '2026-10-31', asOf: '2026-11-05', page: '2' })
  })

  it('reads the two clocks from the URL (the first of repeated values, nothing for empty ones)', () => {
    expect(askedTime({})).toEqual({ on: undefined, asOf: undefined })
    expect(askedTime({ on: '2026-10-31', asOf: '' })).toEqual({ on: '2026-10-31', asOf: undefined })
    expect(askedTime({ on: ['2026-10-31', '2026-10-01'], asOf: '2026-11-05' })).toEqual({ on: '2026-10-31', asOf: '2026-11-05' })
  })
})
