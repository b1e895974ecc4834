import { api } from '../../api/http'

// The county's unit directory as the case service answers it (GET /api/directory/{county}); the admin pages and the
// step dialogs that pick a unit by name (account unit, transfer destination) read it from here.

export type UnitKind = 'COUNTY' | 'TOWN' | 'VILLAGE' | 'SCHOOL'

export interface DirectoryUnit {
  kind: UnitKind
  kindLabel: string
  code: string
  name: string
  townCode: string | null
  townName: string | null
  stage: string | null
  stageLabel: string | null
  ownership: string | null
  ownershipLabel: string | null
  enrolmentAccount: boolean | null
  inUseFrom: string | null
  retiredOn: string | null
  retireReason: string | null
  formerNames: string[]
}

export interface Directory {
  county: string
  countyName: string | null
  empty: boolean
  notice: string | null
  towns: number
  villages: number
  schools: number
  units: DirectoryUnit[]
}

export interface DirectoryChange {
  recordedAt: string
  recordedBy: string
  change: string
  code: string
  name: string
  effectiveOn: string | null
  reason: string | null
}

/** What an import or a one-unit change did. */
export interface ChangeOutcome {
  added: number
  changed: number
  retired: number
  message: string
}

/** The county (6 digits) a unit code lies in; a school's 学校标识码 names none. */
export function countyOf(unitCode: string | null | undefined): string | null {
  if (!unitCode || !/^\d+$/.test(unitCode) || ![6, 9, 12].includes(unitCode.length)) return null
  return unitCode.slice(0, 6)
}

const cache = new Map<string, Promise<Directory>>()

/** The directory of a county; read once per page view (a failed read is tried again next time). */
export function loadDirectory(county: string, fresh = false): Promise<Directory> {
  if (fresh || !cache.has(county)) {
    const loading = api.get<Directory>(`/api/directory/${encodeURIComponent(county)}`)
    // Neither a failure nor a directory not yet imported is kept: the next look reads again.
    loading.then((d) => d.empty && cache.delete(county), () => cache.delete(county))
    cache.set(county, loading)
  }
  return cache.get(county)!
}

/** Units in use (not retired) of the given kinds, in the directory's order. */
export function unitsInUse(directory: Directory, ...kinds: UnitKind[]): DirectoryUnit[] {
  return directory.units.filter((u) => kinds.includes(u.kind) && !u.retiredOn)
}

/** The label of a unit in a picker: the name, and its town for a village or a school (two 金山村 differ by town). */
export function unitLabel(unit: DirectoryUnit): string {
  if ((unit.kind === 'VILLAGE' || unit.kind === 'SCHOOL') && unit.townName) return `${unit.name}（${unit.townName}）`
  return unit.name
}
