import { api } from '../api/http'
import type { CaseStatusCode } from '../api/cases'
import type { Role } from './session'

// Which steps a user may take on a case in its present state: the server's two tables (who may take a step, and in
// which states), read once per session from GET /api/case-steps. The pages offer only these; the server checks
// every step again (jurisdiction included, which is per case and not in this table).

export interface CaseStep {
  /** The command's name, e.g. 'RecordReturnToSchool'; a step dialog is named after it. */
  step: string
  /** The clerk's name, e.g. 登记返校. */
  label: string
  roles: Role[]
  statuses: CaseStatusCode[]
  /** False for a step only a list import (名单导入) records, such as 再次下发: a case page never offers it. */
  onCasePage?: boolean
}

let table: CaseStep[] | null = null
let loading: Promise<CaseStep[]> | null = null

/** The steps table, loaded on first use and kept for the session. */
export function loadCaseSteps(): Promise<CaseStep[]> {
  if (table) return Promise.resolve(table)
  loading ??= api
    .get<CaseStep[]>('/api/case-steps')
    .then((steps) => (table = steps))
    .finally(() => (loading = null))
  return loading
}

/** Forgets the table (on sign-out, or in tests). */
export function forgetCaseSteps() {
  table = null
  loading = null
}

/** For tests and for a table already at hand. */
export function useCaseSteps(steps: CaseStep[]) {
  table = steps
}

/**
 * The steps {@code role} may take on a case in {@code status}, in the order of a case's life. Empty before the
 * table is loaded, for an unknown status and for the system administrator (who takes no step).
 */
export function stepsFor(role: Role | null | undefined, status: string | null | undefined, steps = table): CaseStep[] {
  if (!steps || !role || !status) return []
  return steps.filter((s) => s.onCasePage !== false && s.roles.includes(role) &&
    (s.statuses as string[]).includes(status))
}
