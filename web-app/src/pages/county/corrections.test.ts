import { describe, expect, it } from 'vitest'
import { correctionsView, versionLine, versionOf, type ReportCorrections } from './corrections'

const filing = {
  countyCode: '439921',
  month: '2026-10',
  filedAt: '2026-12-06T06:54:26.143Z',
  filedBy: 'demo-county',
  sha256: 'b78405bd3820bbf63da4f60bc489eaaaa9b931e3722f642eca5aa29c77b91e28',
}

const corrected: ReportCorrections = {
  ...filing,
  changed: true,
  figures: [{ figure: 'NO_VISIT', label: '超期未走访', filed: 49, corrected: 48 }],
  cases: [
    {
      caseId: 'ceb4231d-1ae6-4dd3-b317-df445c0fca8b',
      leftFigures: ['NO_VISIT'],
      joinedFigures: [],
      entries: [{ sequence: 4, type: 'VisitLogged', label: '劝返走访', occurredOn: '2026-10-20',
        recordedAt: '2026-12-06T06:54:41.939Z', recordedByUnit: '439921' }],
    },
    {
      caseId: '4fa2e6af-0eaf-46be-914c-68d5120d859e',
      leftFigures: ['PERSUADING'],
      joinedFigures: ['RETURNED_WATCHING', 'RETURNED_IN_PERIOD'],
      entries: [],
    },
  ],
}

describe('the 更正情况 panel', () => {
  it('lists each changed figure as filed → corrected with the difference', () => {
    const view = correctionsView(corrected)
    expect(view.changed).toBe(true)
    expect(view.figures).toEqual([
      { figure: 'NO_VISIT', label: '超期未走访', filed: 49, corrected: 48, delta: '−1' },
    ])
    expect(view.summary).toBe('报送后补录、更正的记录改变了 1 个数字，涉及 2 个案件。')
  })

  it('names each case, the figures it left and joined, and the late entries with both dates', () => {
    const view = correctionsView(corrected, {
      caseName: (id) => (id.startsWith('ceb4') ? '蔡雅思（清溪镇白桥村）' : undefined),
      unitName: (code) => ({ '439921': '清溪县' })[code],
    })
    expect(view.cases[0]).toEqual({
      caseId: 'ceb4231d-1ae6-4dd3-b317-df445c0fca8b',
      name: '蔡雅思（清溪镇白桥村）',
      left: ['超期未走访'],
      joined: [],
      entries: [{ key: 'ceb4231d-1ae6-4dd3-b317-df445c0fca8b:4', label: '劝返走访', occurredOn: '2026-10-20',
        recordedAt: '2026-12-06 14:54', unit: '清溪县' }],
    })
    // A case whose name is not known shows by its number; figures not among the changed ones keep their labels.
    expect(view.cases[1].name).toBe('案件 4fa2e6af')
    expect(view.cases[1].left).toEqual(['在劝'])
    expect(view.cases[1].joined).toEqual(['已返校观察中', '本期返校'])
  })

  it('shows a unit by its code when the directory does not name it', () => {
    expect(correctionsView(corrected).cases[0].entries[0].unit).toBe('439921')
  })

  it('says so when nothing changed since the filing', () => {
    const view = correctionsView({ ...filing, changed: false, figures: [], cases: [] })
    expect(view.changed).toBe(false)
    expect(view.summary).toBe('报送以来没有影响本月数字的补录或更正，更正后的月报与已报送版本一致。')
  })

  it('says so when cases moved but every count stayed the same', () => {
    const view = correctionsView({ ...corrected, figures: [] })
    expect(view.summary).toBe('报送后补录、更正的记录使 2 个案件在各数字之间有进有出，各数字的合计不变。')
  })
})

describe('the versions of a monthly report', () => {
  it('reads the version from the URL; 已报送 only once filed', () => {
    expect(versionOf(undefined, true)).toBe('corrected')
    expect(versionOf('filed', true)).toBe('filed')
    expect(versionOf('filed', false)).toBe('corrected')
    expect(versionOf('cutoff', false)).toBe('cutoff')
    expect(versionOf('anything', true)).toBe('corrected')
  })

  it('says what each version counts', () => {
    expect(versionLine('corrected', '2026-10-28', '2026-12-06T06:55:00Z')).toBe(
      '更正后：截止日 2026-10-28 当天的情况，按各环节实际发生日期统计，含截至 2026-12-06 14:55 录入的全部记录（事后补录、更正的记录计入其实际发生日）。')
    expect(versionLine('filed', '2026-10-28', '2026-12-06T06:54:25Z', filing)).toBe(
      '已报送版本：2026-12-06 14:54 报送时的定稿，为截止日 2026-10-28 当天的情况（按业务日期）；报送后补录、更正的记录不改变此版本。')
    expect(versionLine('cutoff', '2026-10-28', '2026-10-28T15:59:59.999Z')).toBe(
      '截止时所掌握：截止日 2026-10-28 24:00 时系统中已录入的记录所反映的情况；之后补录、更正的记录不计入。')
  })
})
