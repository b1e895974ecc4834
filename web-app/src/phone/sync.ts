import { computed, reactive } from 'vue'
import { ApiError, api } from '../api/http'
import type { CaseStep } from '../auth/permissions'
import { readMeta, writeMeta } from './local/db'
import { allRecords, sendWaiting, type OutboxItem } from './local/outbox'
import { keptCases, refreshCases, type PhoneCase } from './local/cases'
import { refreshSealingKey } from './local/sealing'
import { phone } from './session'

// What the pages show of the phone's own state, and when it talks to the server: at start, when the browser says
// the network is back, after each record saved, and every little while as long as records wait. Whether the server
// can be reached is learnt from the answers themselves (a phone may say "online" with no usable signal).

export const local = reactive({
  cases: [] as PhoneCase[],
  casesReadAt: null as string | null,
  records: [] as OutboxItem[],
  steps: [] as CaseStep[],
  /** The villages a new case may be registered in (from the county's unit directory, public names). */
  villages: [] as PlaceChoice[],
  /** False after a request failed for want of network, true after one got an answer. */
  reachable: true,
  syncing: false,
})

export interface PlaceChoice {
  code: string
  label: string
}

interface DirectoryUnit {
  kind: string
  code: string
  name: string
  townName?: string
  retiredOn?: string | null
}

const RETRY_MS = 20_000
let timer: ReturnType<typeof setInterval> | null = null

export async function loadLocal() {
  const kept = await keptCases()
  local.cases = kept.cases
  local.casesReadAt = kept.readAt
  local.records = await allRecords()
  local.steps = (await readMeta<CaseStep[]>('caseSteps')) ?? []
  local.villages = (await readMeta<PlaceChoice[]>('villages')) ?? []
}

export async function reloadRecords() {
  local.records = await allRecords()
}

/** Sends what waits, then reads the case list again; quietly keeps what the phone has when the network is gone. */
export async function syncNow(): Promise<void> {
  if (!phone.user || local.syncing) return
  local.syncing = true
  try {
    const result = await sendWaiting(phone.username)
    await reloadRecords()
    if (result.stoppedBy === 'network') {
      local.reachable = false
      return
    }
    if (result.stoppedBy === 'session') return
    await readFromServer()
  } finally {
    local.syncing = false
  }
}

async function readFromServer() {
  try {
    const [cases, steps] = await Promise.all([refreshCases(), api.get<CaseStep[]>('/api/case-steps')])
    local.cases = cases
    local.casesReadAt = new Date().toISOString()
    local.steps = steps
    await writeMeta('caseSteps', steps)
    await refreshSealingKey()
    await readVillages()
    local.reachable = true
  } catch (e) {
    // Only a request that got no answer says the network is gone; a refusal is an answer.
    local.reachable = !(e instanceof ApiError && e.status === 0)
  }
}

async function readVillages() {
  const user = phone.user
  const county = user?.county ?? (user && user.role !== 'SCHOOL' ? user.unit.slice(0, 6) : null)
  if (!user || !county) return
  const directory = await api.get<{ units: DirectoryUnit[] }>(`/api/directory/${county}`)
  const villages = directory.units
    .filter((u) => u.kind === 'VILLAGE' && !u.retiredOn && (user.role === 'VILLAGE' ? u.code === user.unit
      : user.role === 'TOWN' ? u.code.startsWith(user.unit) : true))
    .map((u) => ({ code: u.code, label: u.townName ? `${u.name}（${u.townName}）` : u.name }))
  await writeMeta('villages', villages)
  local.villages = villages
}

/** The kept case with this id (undefined when the phone has no such case). */
export function caseOf(caseId: () => string) {
  return computed(() => local.cases.find((c) => c.caseId === caseId()))
}

export function waitingCount(): number {
  return local.records.filter((r) => r.state === 'waiting').length
}

export function refusedCount(): number {
  return local.records.filter((r) => r.state === 'refused').length
}

/** Starts the background sending: on the network coming back, on return to the app, and every 20 s. */
export function startSyncing() {
  window.addEventListener('online', () => void syncNow())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow()
  })
  timer ??= setInterval(() => {
    if (waitingCount() > 0 || !local.reachable) void syncNow()
  }, RETRY_MS)
}
