import { describe as group, expect, it } from 'vitest'
import type { TimelineEntry } from '../../api/cases'
import { describe } from './timeline'

function entry(type: string, data: Record<string, unknown>): TimelineEntry {
  return { type, data, names: {}, label: type } as unknown as TimelineEntry
}

// The trio and disability records name their business date like every other step; one stored before the date
// existed arrives with the day it was recorded (the store's upcaster), and without one the sentence still reads.
group('timeline sentences', () => {
  it('dates the trio, its replacements and the disability record', () => {
    expect(describe(entry('TrioAssigned', { assignedOn: '2026-03-22', teacher: { name: '周晓梅' },
      villageCadre: { name: '罗长青' }, guardian: { name: '林大木' } })))
      .toBe('2026-03-22 落实“三帮一”：教师 周晓梅、村干部 罗长青、家长 林大木')
    expect(describe(entry('TrioMemberReplaced', { replacedOn: '2026-04-10', role: 'TEACHER',
      previousMember: { name: '周晓梅' }, newMember: { name: '谭明远' }, reason: '原班主任调离' })))
      .toBe('2026-04-10 更换教师：周晓梅 → 谭明远；原班主任调离')
    expect(describe(entry('DisabilityRecorded', { verifiedOn: '2026-03-18', category: 'PHYSICAL', level: 'LEVEL_1' })))
      .toBe('2026-03-18 核实残疾情况：肢体残疾 一级')
    expect(describe(entry('DisabilityRecorded', { category: 'PHYSICAL', level: 'LEVEL_1' })))
      .toBe('核实残疾情况：肢体残疾 一级')
  })

  it('says a pushed list named the child again, with its batch', () => {
    expect(describe(entry('CaseReportedAgain', { reportedOn: '2026-10-09', source: 'PLATFORM_COMPARISON',
      batch: '2026年秋季学期第1批' })))
      .toBe('2026-10-09 再次列入平台比对下发名单（已有在办案件，未重复登记）；下发批次：2026年秋季学期第1批')
  })
})
