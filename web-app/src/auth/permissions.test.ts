import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CaseStep } from './permissions'

// A fixture in the shape of GET /api/case-steps (the kernel's CommandPermissions and StepStatuses tables).
const OPEN = ['IDENTIFIED', 'PENDING_RECHECK', 'CONFIRMED_DROPOUT', 'PERSUADING', 'HOME_TEACHING', 'RETURNED']
const FIXTURE = [
  { step: 'IdentifyCase', label: '登记疑似辍学学生', roles: ['VILLAGE', 'SCHOOL', 'TOWN', 'COUNTY'], statuses: [] },
  { step: 'RecordRepeatReport', label: '登记再次下发（已有在办案件）', roles: ['TOWN', 'COUNTY'], statuses: OPEN, onCasePage: false },
  { step: 'ConfirmDropout', label: '核实确认辍学', roles: ['VILLAGE', 'TOWN', 'COUNTY'], statuses: ['IDENTIFIED', 'PENDING_RECHECK'] },
  { step: 'ScheduleRecheck', label: '核实后列入待复查', roles: ['VILLAGE', 'TOWN', 'COUNTY'], statuses: ['IDENTIFIED', 'PENDING_RECHECK'] },
  { step: 'CloseAsNotDropout', label: '核实为非辍学并结案', roles: ['TOWN', 'COUNTY'], statuses: ['IDENTIFIED', 'PENDING_RECHECK'] },
  { step: 'AssignTrio', label: '落实三帮一帮扶人', roles: ['TOWN', 'COUNTY'], statuses: ['CONFIRMED_DROPOUT'] },
  { step: 'LogVisit', label: '登记劝返走访', roles: ['VILLAGE', 'SCHOOL', 'TOWN', 'COUNTY'], statuses: ['PERSUADING'] },
  { step: 'RecordReturnToSchool', label: '登记返校', roles: ['SCHOOL', 'TOWN', 'COUNTY'], statuses: ['CONFIRMED_DROPOUT', 'PERSUADING'] },
  { step: 'RecordRelapse', label: '登记复辍', roles: ['SCHOOL', 'TOWN', 'COUNTY'], statuses: ['RETURNED'] },
  { step: 'CrossOff', label: '销号', roles: ['SCHOOL', 'TOWN', 'COUNTY'], statuses: ['RETURNED'] },
  { step: 'RecordDisability', label: '登记残疾情况', roles: ['VILLAGE', 'TOWN', 'COUNTY'], statuses: OPEN },
  { step: 'CloseCase', label: '结案', roles: ['TOWN', 'COUNTY'], statuses: OPEN },
  { step: 'ReopenCase', label: '重新开案', roles: ['TOWN', 'COUNTY'], statuses: ['CLOSED'] },
] as CaseStep[]

const get = vi.fn()
vi.mock('../api/http', () => ({ api: { get: (path: string) => get(path) } }))

const { forgetCaseSteps, loadCaseSteps, stepsFor, useCaseSteps } = await import('./permissions')

const names = (steps: CaseStep[]) => steps.map((s) => s.step)

describe('stepsFor', () => {
  afterEach(() => forgetCaseSteps())

  it('gives a school in RETURNED the relapse and the cross-off, not the closing', () => {
    useCaseSteps(FIXTURE)
    const steps = names(stepsFor('SCHOOL', 'RETURNED'))
    expect(steps).toEqual(['RecordRelapse', 'CrossOff'])
    expect(steps).not.toContain('CloseCase')
  })

  it('never offers a step taken only through a list import on a case page', () => {
    useCaseSteps(FIXTURE)
    for (const status of OPEN) expect(names(stepsFor('TOWN', status))).not.toContain('RecordRepeatReport')
    expect(names(stepsFor('TOWN', 'IDENTIFIED'))).toContain('ConfirmDropout')
  })

  it('gives the system administrator nothing, in any state', () => {
    useCaseSteps(FIXTURE)
    for (const status of [...OPEN, 'CLOSED']) expect(stepsFor('ADMIN', status)).toEqual([])
  })

  it('gives a village in IDENTIFIED confirm and recheck but not close-as-not-dropout', () => {
    useCaseSteps(FIXTURE)
    const steps = names(stepsFor('VILLAGE', 'IDENTIFIED'))
    expect(steps).toContain('ConfirmDropout')
    expect(steps).toContain('ScheduleRecheck')
    expect(steps).not.toContain('CloseAsNotDropout')
    expect(steps).toEqual(['ConfirmDropout', 'ScheduleRecheck', 'RecordDisability'])
  })

  it('keeps the order of a case life and never offers identification on a case', () => {
    useCaseSteps(FIXTURE)
    expect(names(stepsFor('TOWN', 'PERSUADING'))).toEqual(['LogVisit', 'RecordReturnToSchool', 'RecordDisability', 'CloseCase'])
    expect(names(stepsFor('TOWN', 'CLOSED'))).toEqual(['ReopenCase'])
  })

  it('is empty before the table is loaded and for an unknown state', () => {
    expect(stepsFor('TOWN', 'PERSUADING')).toEqual([])
    useCaseSteps(FIXTURE)
    expect(stepsFor('TOWN', 'NO_SUCH_STATE')).toEqual([])
    expect(stepsFor(null, 'PERSUADING')).toEqual([])
  })

  it('loads the table once per session', async () => {
    get.mockReset()
    get.mockResolvedValue(FIXTURE)
    await Promise.all([loadCaseSteps(), loadCaseSteps()])
    await loadCaseSteps()
    expect(get).toHaveBeenCalledTimes(1)
    expect(get).toHaveBeenCalledWith('/api/case-steps')
    expect(names(stepsFor('SCHOOL', 'RETURNED'))).toEqual(['RecordRelapse', 'CrossOff'])
  })
})
