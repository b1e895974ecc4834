import { describe, expect, it } from 'vitest'
import { sortParam, tableSort } from './queryState'

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
