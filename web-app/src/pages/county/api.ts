// The county reports as the query service sends them (query-service .../report/CountyReport.java, measure/*).
import { api, withQuery } from '../../api/http'

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
  villages: VillageRow[]
}

export const countyReport = (county: string) => api.get<CountyReport>(`/api/reports/counties/${county}`)

export const monthlyReport = (county: string, month: string) =>
  api.get<CountyReport>(`/api/reports/counties/${county}/monthly/${month}`)

export const townDashboard = (town: string, asOf?: string) =>
  api.get<TownDashboard>(withQuery(`/api/dashboards/towns/${town}`, { asOf }))

export { formatPercent as percent } from '../../format'
