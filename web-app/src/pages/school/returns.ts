import type { Coded } from '../../api/http'

// One student of the returns ledger (GET /api/ledgers/returns, query-service ReturnAccountRow): every return of the
// student, with the watch period end the case service computed from the county's term calendar.

export interface ReturnEntry {
  episode: number
  returnedOn: string
  schoolName: string
  schoolCode: string | null
  grade: Coded | null
  className: string | null
  placement: Coded | null
  watchPeriodEndsOn: string | null
  crossedOffOn: string | null
  relapsedOn: string | null
}

export interface ReturnAccountRow {
  caseId: string
  studentName: string
  idNumber: string | null
  villageName: string | null
  townName: string | null
  status: Coded
  crossedOff: boolean
  lastReturnedOn: string | null
  relapses: number
  returns: ReturnEntry[]
}

export interface ReturnAccount {
  school: string | null
  students: { asOf: string; total: number; page: number; size: number; rows: ReturnAccountRow[] }
}

/** The return the student is being watched after: the latest one neither relapsed nor crossed off. */
export function currentReturn(row: ReturnAccountRow): ReturnEntry | null {
  const open = row.returns.filter((r) => !r.relapsedOn && !r.crossedOffOn)
  return open.length ? open.reduce((a, b) => (b.episode > a.episode ? b : a)) : null
}
