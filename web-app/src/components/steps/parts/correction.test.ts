import { describe, expect, it } from 'vitest'
import type { TimelineEntry } from '../../../api/cases'
import { correctableSteps, correctionProblems } from './correction'

function entry(sequence: number, type: string, occurredOn: string | null, corrected?: string): TimelineEntry {
  return {
    sequence, position: sequence, type, label: type, recordedAt: '2026-11-01T02:00:00Z', occurredOn,
    correctedDate: corrected ? { date: corrected, previousDate: occurredOn, bySequence: 9 } : null,
    actor: null, channel: null, requestId: null, data: {}, names: {},
  }
}

describe('date corrections', () => {
  it('offers the dated steps with their dates as they stand now, newest first', () => {
    const steps = correctableSteps([
      entry(0, 'CaseIdentified', '2026-09-01'),
      entry(1, 'StudentReturnedToSchool', '2026-10-20', '2026-10-15'),
      entry(2, 'StepDateCorrected', null),
      entry(3, 'PersonalDataErased', null),
    ])
    expect(steps).toEqual([
      { sequence: 1, label: 'StudentReturnedToSchool', date: '2026-10-15' },
      { sequence: 0, label: 'CaseIdentified', date: '2026-09-01' },
    ])
  })

  it('asks for the step, a date not in the future and not the same, and a reason', () => {
    const step = { sequence: 1, label: '返校', date: '2026-10-15' }
    expect(Object.keys(correctionProblems({ sequence: null, correctedDate: null, reason: ' ' }, null, '2026-12-06')))
      .toEqual(['sequence', 'correctedDate', 'reason'])
    expect(correctionProblems({ sequence: 1, correctedDate: '2026-12-07', reason: '写错' }, step, '2026-12-06').correctedDate)
      .toContain('不能晚于今天')
    expect(correctionProblems({ sequence: 1, correctedDate: '2026-10-15', reason: '写错' }, step, '2026-12-06').correctedDate)
      .toContain('无需更正')
    expect(correctionProblems({ sequence: 1, correctedDate: '2026-10-12', reason: '写错' }, step, '2026-12-06')).toEqual({})
  })
})
