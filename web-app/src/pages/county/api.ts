// The county reports as the query service sends them (query-service .../report/CountyReport.java, measure/*).
import { api, withQuery } from '../../api/http'
import { timeParams, type AskedTime } from '../../format/readTime'

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

export const townDashboard = (town: string, time: AskedTime = {}) =>
  api.get<TownDashboard>(withQuery(`/api/dashboards/towns/${town}`, { ...timeParams(time) }))

export { formatPercent as percent } from '../../format'
