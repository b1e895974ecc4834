import type { Coded } from './http'

// The read models the pages share. CaseSummary is one row of the 三帮一 ledger (GET /api/ledgers/sanbang): everything
// a list or a step form needs to know of a case. ID numbers and phones arrive masked.

export interface Helper {
  name: string
  unitOrRelation: string | null
  phone: string | null
}

export interface CaseSummary {
  caseId: string
  student: { name: string; idNumber: string | null; studentNumber: string | null; sex: Coded | null; age: number | null }
  villageCode: string
  villageName: string | null
  townCode: string
  townName: string | null
  lastSchool: { name: string; code: string | null; grade: Coded | null; level: Coded | null } | null
  priorityCategories: Coded[]
  primaryReason: Coded | null
  otherReasons: Coded[]
  trio: { teacher: Helper | null; villageCadre: Helper | null; guardian: Helper | null } | null
  visitCount: number
  lastVisitOn: string | null
  lastVisitOutcome: Coded | null
  nextVisitPlannedOn: string | null
  legalStep: Coded | null
  correctionOrderDeadline: string | null
  status: Coded
  statusSince: string | null
  episode: number
  identifiedOn: string
  daysSinceIdentification: number
  overdue: Coded[]
  homeTeaching: {
    startsOn: string
    requiredSessionsPerWeek: number
    sessionsDelivered: number
    sessionsRequired: number
    periodsDelivered: number
    lastSessionOn: string | null
  } | null
  transferredIn: {
    kind: Coded
    transferredOn: string
    fromVillageCode: string
    fromVillageName: string | null
    fromTownCode: string
    fromTownName: string | null
    fromCountyCode: string
    fromCountyName: string | null
  } | null
}

/** A page of a ledger, as the query service answers it. */
export interface LedgerPage<T> {
  region: string | null
  school: string | null
  asOf: string
  asOfDay: string
  live: boolean
  /** True when asOfDay was asked as a business date (on): that day by the dates on the events, known at asOf. */
  byBusinessDate: boolean
  total: number
  page: number
  size: number
  rows: T[]
}

export type CaseStatusCode =
  | 'IDENTIFIED'
  | 'PENDING_RECHECK'
  | 'CONFIRMED_DROPOUT'
  | 'PERSUADING'
  | 'HOME_TEACHING'
  | 'RETURNED'
  | 'CLOSED'

// ---- the case page (GET /api/cases/{caseId} on the query service, GET /api/cases/{caseId}/timeline)

/** One return to school and how it ended: a relapse, a cross-off, or still being watched. */
export interface ReturnEpisode {
  episode: number
  returnedOn: string
  schoolName: string | null
  schoolCode: string | null
  grade: Coded | null
  className: string | null
  placement: Coded | null
  watchPeriodEndsOn: string | null
  relapsedOn: string | null
  crossedOffOn: string | null
}

/** A hand-over (户籍迁移 or 学籍转移); unit names as of its day, null when the directory does not list them. */
export interface CaseTransfer {
  kind: Coded
  transferredOn: string
  fromVillageCode: string
  fromVillageName: string | null
  fromTownName: string | null
  toVillageCode: string
  toVillageName: string | null
  toTownName: string | null
  toSchoolName: string | null
  toSchoolCode: string | null
  note: string | null
  byUnit: string | null
  byUnitName: string | null
}

/** The case sheet: the case's ledger row as of today (masked), with its returns, hand-overs and 送教上门 plan. */
export interface CaseSheet {
  caseId: string
  asOf: string
  row: CaseSummary
  returns: ReturnEpisode[]
  transfers: CaseTransfer[]
  homeTeaching: {
    startsOn: string
    schoolOfRegistration: string | null
    teachers: string[]
    requiredSessionsPerWeek: number
    periodsPerSession: number
  } | null
  disability: { category: Coded; level: Coded | null } | null
  closing: { closedOn: string; category: Coded | null } | null
}

/** One event of a case's timeline: who (account, role, unit) recorded what, when, from which channel. */
export interface TimelineEntry {
  sequence: number
  position: number
  type: string
  label: string
  recordedAt: string
  /** The step's business date as recorded (null for an erasure or a correction). */
  occurredOn?: string | null
  /** Set when the step's date was corrected later: the date it has now and the entry that corrected it. */
  correctedDate?: { date: string; previousDate: string | null; bySequence: number } | null
  actor: { id?: string; role?: string; unit?: string } | null
  channel: string | null
  requestId: string | null
  data: Record<string, any>
  /** code → name of the villages, towns and schools the entry shows and of the actor's unit. */
  names: Record<string, string>
}

export interface CaseTimeline {
  caseId: string
  entries: TimelineEntry[]
}
