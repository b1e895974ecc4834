import type { AccountSummary } from '../ledger/model'

// GET /api/dashboards/towns/{townCode} (query-service dashboard/TownDashboard.java).

export interface CountRow {
  code: string
  label: string
  count: number
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

export interface TownDashboardData {
  townCode: string
  townName: string | null
  directoryMissing: boolean
  asOf: string
  asOfDay: string
  live: boolean
  byBusinessDate: boolean
  month: { from: string; to: string }
  measures: RegionMeasures
  byStatus: CountRow[]
  villages: { villageCode: string; villageName: string | null; measures: RegionMeasures }[]
  openByReason: CountRow[]
  openByCategory: CountRow[]
  openByLevel: CountRow[]
}
