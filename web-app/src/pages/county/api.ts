// The county reports as the query service sends them (query-service .../report/CountyReport.java, measure/*).
import { ApiError, api, withQuery } from '../../api/http'
import { timeParams, type AskedTime } from '../../format/readTime'
import type { Filing, ReportCorrections } from './corrections'

export interface CountRow {
  code: string
  label: string
  count: number
}

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
  /** Percent with one decimal (47.7), null when nothing is due to return. */
  returnRate: number | null
}

export interface RegionMeasures {
  account: AccountSummary
  overdueCases: number
  overdueByKind: CountRow[]
  identifiedInPeriod: number
  returnedInPeriod: number
  crossedOffInPeriod: number
  homeTeaching: { cases: number; sessionsDelivered: number; sessionsRequired: number; periodsDelivered: number }
}

export interface TownRow {
  townCode: string
  townName: string | null
  measures: RegionMeasures
}

export interface CountyReport {
  countyCode: string
  countyName: string | null
  directoryMissing: boolean
  asOf: string
  asOfDay: string
  live: boolean
  /** True when asOfDay was asked as a business date (on, and every monthly report). */
  byBusinessDate: boolean
  period: { from: string; to: string }
  towns: TownRow[]
  total: RegionMeasures
  byReason: CountRow[]
  byCategory: CountRow[]
  medianDaysToReturn: number | null
  /** Monthly reports only: figure (CaseBucket / overdue kind / *_IN_PERIOD) → ids of the cases behind it. */
  casesBehind: Record<string, string[]> | null
}

export interface VillageRow {
  villageCode: string
  villageName: string | null
  measures: RegionMeasures
}

export interface TownDashboard {
  townCode: string
  townName: string | null
  asOf: string
  asOfDay: string
  live: boolean
  byBusinessDate: boolean
  villages: VillageRow[]
}

/** The county report now, or on a 业务日期 (on) and / or as of a 统计时点 (asOf). */
export const countyReport = (county: string, time: AskedTime = {}) =>
  api.get<CountyReport>(withQuery(`/api/reports/counties/${county}`, { ...timeParams(time) }))

/** A month's report: the cut-off day by business dates, as known now (更正后) or as of `asOf`. */
export const monthlyReport = (county: string, month: string, asOf?: string) =>
  api.get<CountyReport>(withQuery(`/api/reports/counties/${county}/monthly/${month}`, { asOf }))

/** The month's report as filed, byte for byte (404 REPORT_NOT_FILED before it is). */
export const filedReport = (county: string, month: string) =>
  api.get<CountyReport>(`/api/reports/counties/${county}/monthly/${month}/filed`)

/** Files the month's report as it stands now (422 REPORT_ALREADY_FILED when filed before). */
export const fileReport = (county: string, month: string) =>
  api.post<Filing>(`/api/reports/counties/${county}/monthly/${month}/filing`)

/** The filing and what changed since, or null while the month is not filed. */
export async function reportCorrections(county: string, month: string): Promise<ReportCorrections | null> {
  try {
    return await api.get<ReportCorrections>(`/api/reports/counties/${county}/monthly/${month}/corrections`)
  } catch (e) {
    if (e instanceof ApiError && e.code === 'REPORT_NOT_FILED') return null
    throw e
  }
}

export const townDashboard = (town: string, time: AskedTime = {}) =>
  api.get<TownDashboard>(withQuery(`/api/dashboards/towns/${town}`, { ...timeParams(time) }))

export { formatPercent as percent } from '../../format'
