import type { Coded } from '../../api/http'
import { api } from '../../api/http'
import type { LedgerPage } from '../../api/cases'

// The read models of the 劝返销号 account and the transfer list (query-service ledger/ and transfer/), and the
// filter choices of the ledgers. The server sends every value with its label; the choices below are the server's
// enums (shared-kernel CaseStatus, DropoutReason, PriorityCategory, SchoolLevel, measure/Overdue.Kind) because no
// read lists them for a user who cannot open a dashboard (village, school).

/** The 劝返销号 figures of a region or unit (measure/AccountSummary); returnRate is a percent with one decimal. */
export interface AccountSummary {
  cases: number
  shouldReturn: number
  returned: number
  crossedOff: number
  persuading: number
  returnedWatching: number
  homeTeaching: number
  homeTeachingEnded: number
  specialSituation: number
  pendingVerification: number
  pendingRecheck: number
  returnRate: number | null
}

export interface ReturnEpisode {
  episode: number
  returnedOn: string
  schoolName: string | null
  schoolCode: string | null
  grade: Coded | null
  className: string | null
  placement: Coded | null
  watchPeriodEndsOn: string | null
  crossedOffOn: string | null
  crossedOffBy: string | null
  crossedOffByUnit: string | null
  crossedOffByUnitName: string | null
  relapsedOn: string | null
}

export interface ReturnAccountRow {
  caseId: string
  studentName: string
  idNumber: string | null
  villageCode: string
  villageName: string | null
  townCode: string
  townName: string | null
  status: Coded
  crossedOff: boolean
  lastReturnedOn: string | null
  relapses: number
  returns: ReturnEpisode[]
}

export interface ReturnAccount {
  region: string | null
  regionName: string | null
  school: string | null
  directoryMissing: boolean | null
  summary: AccountSummary
  units: Record<string, AccountSummary>
  unitNames: Record<string, string | null>
  students: LedgerPage<ReturnAccountRow>
}

export interface TransferPlace {
  villageCode: string
  villageName: string | null
  townCode: string
  townName: string | null
  countyCode: string
  countyName: string | null
}

export interface TransferRow {
  caseId: string
  studentName: string
  kind: Coded
  transferredOn: string
  from: TransferPlace
  to: TransferPlace
  toSchool: { name: string; code: string } | null
  note: string | null
  recordedOn: string
  transferredByUnit: string
  transferredByUnitName: string | null
  currentStatus: Coded | null
}

export const statusOptions: Coded[] = [
  { code: 'IDENTIFIED', label: '待核实' },
  { code: 'PENDING_RECHECK', label: '待复查' },
  { code: 'CONFIRMED_DROPOUT', label: '已确认辍学' },
  { code: 'PERSUADING', label: '劝返中' },
  { code: 'HOME_TEACHING', label: '送教上门' },
  { code: 'RETURNED', label: '已返校观察中' },
  { code: 'CLOSED', label: '已结案' },
]

export const reasonOptions: Coded[] = [
  { code: 'LEARNING_DIFFICULTY', label: '学习困难/厌学' },
  { code: 'POVERTY', label: '因贫' },
  { code: 'ILLNESS', label: '因病' },
  { code: 'DISABILITY', label: '因残' },
  { code: 'MIGRANT_WORK', label: '外出务工' },
  { code: 'EARLY_MARRIAGE', label: '早婚早育' },
  { code: 'RELIGION', label: '宗教' },
  { code: 'FAMILY_OR_GUARDIANSHIP', label: '家庭原因/监护缺失' },
  { code: 'DISTANCE_OR_ACCESS', label: '上学远/上学难' },
  { code: 'OTHER', label: '其他' },
]

export const categoryOptions: Coded[] = [
  { code: 'LIFTED_OUT_OF_POVERTY', label: '脱贫户' },
  { code: 'UNSTABLE_LIFTED_OUT_OF_POVERTY', label: '脱贫不稳定户' },
  { code: 'MARGINAL_AT_RISK_OF_POVERTY', label: '边缘易致贫户' },
  { code: 'SUDDEN_SEVERE_HARDSHIP', label: '突发严重困难户' },
  { code: 'MINIMUM_LIVING_ALLOWANCE', label: '低保' },
  { code: 'NEAR_MINIMUM_LIVING_ALLOWANCE', label: '低保边缘' },
  { code: 'EXTREME_POVERTY_SUPPORT', label: '特困供养' },
  { code: 'ORPHAN', label: '孤儿' },
  { code: 'DE_FACTO_UNSUPPORTED_CHILD', label: '事实无人抚养儿童' },
  { code: 'MARTYR_CHILD', label: '烈士子女' },
  { code: 'DISABLED_CHILD', label: '残疾儿童' },
  { code: 'CHILD_OF_DISABLED_PARENT', label: '残疾人子女' },
  { code: 'LEFT_BEHIND_CHILD', label: '留守儿童' },
  { code: 'CHILD_IN_DIFFICULTY', label: '困境儿童' },
  { code: 'MIGRANT_CHILD', label: '随迁子女' },
  { code: 'OTHER', label: '其他' },
]

export const levelOptions: Coded[] = [
  { code: 'PRIMARY', label: '小学' },
  { code: 'JUNIOR', label: '初中' },
]

/** The overdue filter: any overdue item, none, or one kind. */
export const overdueOptions: Coded[] = [
  { code: 'true', label: '有逾期事项' },
  { code: 'false', label: '无逾期事项' },
  { code: 'NO_TRIO', label: '超期未落实三帮一' },
  { code: 'NO_VISIT', label: '超期未走访' },
  { code: 'LEGAL_DEADLINE_PASSED', label: '限期改正已逾期' },
  { code: 'HOME_TEACHING_BEHIND', label: '送教上门次数不足' },
  { code: 'RECHECK_OVERDUE', label: '超期未复查' },
]

/** A town or village of the county's unit directory (GET /api/directory/{county}). */
export interface DirectoryUnit {
  kind: 'COUNTY' | 'TOWN' | 'VILLAGE' | 'SCHOOL'
  code: string
  name: string
  townCode: string | null
  retiredOn: string | null
}

const directories = new Map<string, Promise<DirectoryUnit[]>>()

/** The towns and villages of a county, read once per page load. */
export function directoryOf(county: string): Promise<DirectoryUnit[]> {
  if (!directories.has(county)) {
    const read = api
      .get<{ units: DirectoryUnit[] }>(`/api/directory/${county}`)
      .then((d) => d.units.filter((u) => u.kind === 'TOWN' || u.kind === 'VILLAGE'))
    read.catch(() => directories.delete(county))
    directories.set(county, read)
  }
  return directories.get(county)!
}

export { formatPercent as percent } from '../../format'

/** The name of a region for a page's title: the user's own unit's, else the unit directory's; the code if unlisted. */
export async function regionName(code: string, ownCode: string, ownName: string | null): Promise<string> {
  if (code === ownCode) return ownName ?? code
  try {
    const units = await directoryOf(code.slice(0, 6))
    return units.find((u) => u.code === code)?.name ?? code
  } catch {
    return code
  }
}
