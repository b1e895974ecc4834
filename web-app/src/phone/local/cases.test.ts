import { describe, expect, it } from 'vitest'
import { byUrgency, type PhoneCase } from './cases'
import { maskIdNumber, maskName } from './mask'

const phoneCase = (caseId: string, fields: Partial<PhoneCase>): PhoneCase => ({
  caseId, studentName: '林*禾', idNumber: null, sex: null, age: null, villageName: null, townName: null,
  schoolName: null, schoolCode: null, grade: null, status: { code: 'PERSUADING', label: '劝返中' }, statusSince: null,
  identifiedOn: '2026-09-01', trio: null, visitCount: 0, lastVisitOn: null, lastVisitOutcome: null,
  nextVisitPlannedOn: null, overdue: [], homeTeaching: null, ...fields,
})

describe('我的案件 order', () => {
  it('puts overdue cases first, then the nearest planned visit, then the longest open', () => {
    const cases = [
      phoneCase('no-plan-new', { identifiedOn: '2026-11-01' }),
      phoneCase('plan-later', { nextVisitPlannedOn: '2026-12-20' }),
      phoneCase('overdue', { overdue: [{ code: 'NO_VISIT', label: '超期未走访' }], nextVisitPlannedOn: '2026-12-30' }),
      phoneCase('plan-soon', { nextVisitPlannedOn: '2026-12-08' }),
      phoneCase('no-plan-old', { identifiedOn: '2026-03-01' }),
    ]
    expect(cases.sort(byUrgency).map((c) => c.caseId))
      .toEqual(['overdue', 'plan-soon', 'plan-later', 'no-plan-old', 'no-plan-new'])
  })
})

describe('what the phone shows of a child', () => {
  it('masks names so the team knows the child and a finder does not', () => {
    expect(maskName('林小禾')).toBe('林*禾')
    expect(maskName('赵刚')).toBe('赵*')
    expect(maskName('欧阳晓雪')).toBe('欧**雪')
    expect(maskName('阿卜杜拉·艾力')).toBe('阿*****力')
  })

  it('masks an ID number as the server does', () => {
    expect(maskIdNumber('43992120140101001X')).toBe('4399**********001X')
  })
})
