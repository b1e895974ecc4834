import { api, type Coded } from '../../api/http'
import type { CaseSummary, LedgerPage } from '../../api/cases'
import { database, readMeta, writeMeta } from './db'
import { maskName } from './mask'

// The user's own cases (a village its village, a school its students), as the 三帮一 ledger shows them, kept on the
// phone so the list opens without network. Names are kept masked; ID numbers and phones arrive masked.

export interface PhoneHelper {
  name: string
  phone: string | null
}

export interface PhoneCase {
  caseId: string
  studentName: string
  idNumber: string | null
  sex: string | null
  age: number | null
  villageName: string | null
  townName: string | null
  schoolName: string | null
  schoolCode: string | null
  grade: Coded | null
  status: Coded
  statusSince: string | null
  identifiedOn: string
  trio: { teacher: PhoneHelper | null; villageCadre: PhoneHelper | null; guardian: PhoneHelper | null } | null
  visitCount: number
  lastVisitOn: string | null
  lastVisitOutcome: Coded | null
  nextVisitPlannedOn: string | null
  overdue: Coded[]
  homeTeaching: { startsOn: string; sessionsDelivered: number; sessionsRequired: number; lastSessionOn: string | null } | null
}

const MAX_CASES = 500

export function fromLedgerRow(row: CaseSummary): PhoneCase {
  const helper = (h: { name: string; phone: string | null } | null) => (h ? { name: h.name, phone: h.phone } : null)
  return {
    caseId: row.caseId,
    studentName: maskName(row.student.name),
    idNumber: row.student.idNumber,
    sex: row.student.sex?.label ?? null,
    age: row.student.age,
    villageName: row.villageName,
    townName: row.townName,
    schoolName: row.lastSchool?.name ?? null,
    schoolCode: row.lastSchool?.code ?? null,
    grade: row.lastSchool?.grade ?? null,
    status: row.status,
    statusSince: row.statusSince,
    identifiedOn: row.identifiedOn,
    trio: row.trio
      ? { teacher: helper(row.trio.teacher), villageCadre: helper(row.trio.villageCadre), guardian: helper(row.trio.guardian) }
      : null,
    visitCount: row.visitCount,
    lastVisitOn: row.lastVisitOn,
    lastVisitOutcome: row.lastVisitOutcome,
    nextVisitPlannedOn: row.nextVisitPlannedOn,
    overdue: row.overdue,
    homeTeaching: row.homeTeaching
      ? { startsOn: row.homeTeaching.startsOn, sessionsDelivered: row.homeTeaching.sessionsDelivered,
          sessionsRequired: row.homeTeaching.sessionsRequired, lastSessionOn: row.homeTeaching.lastSessionOn }
      : null,
  }
}

/** Most urgent first: anything overdue, then the nearest planned visit, then the longest open. */
export function byUrgency(a: PhoneCase, b: PhoneCase): number {
  const overdue = Number(b.overdue.length > 0) - Number(a.overdue.length > 0)
  if (overdue) return overdue
  const next = (c: PhoneCase) => c.nextVisitPlannedOn ?? '9999-12-31'
  return next(a).localeCompare(next(b)) || a.identifiedOn.localeCompare(b.identifiedOn)
    || a.caseId.localeCompare(b.caseId)
}

/** Reads the user's open cases from the server and keeps them (replacing the kept list). */
export async function refreshCases(): Promise<PhoneCase[]> {
  const page = await api.get<LedgerPage<CaseSummary>>(`/api/ledgers/sanbang?size=${MAX_CASES}`)
  const cases = page.rows.map(fromLedgerRow).sort(byUrgency)
  const tx = (await database()).transaction('cases', 'readwrite')
  await tx.store.clear()
  for (const c of cases) await tx.store.put(c)
  await tx.done
  await writeMeta('casesReadAt', new Date().toISOString())
  return cases
}

export async function keptCases(): Promise<{ cases: PhoneCase[]; readAt: string | null }> {
  const cases = (await (await database()).getAll('cases')).sort(byUrgency)
  return { cases, readAt: (await readMeta<string>('casesReadAt')) ?? null }
}

export async function keptCase(caseId: string): Promise<PhoneCase | undefined> {
  return (await database()).get('cases', caseId)
}
