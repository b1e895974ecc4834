import { ApiError, api, newRequestId } from '../../api/http'
import { database } from './db'

// Records made on the phone wait here until the server has them. Each is sent with its own request id, made when the
// record was saved and never changed: the server stores a request once, so a record sent again after a lost answer
// (the usual case on a weak network) gets the first answer back and is not stored twice. Visits and 送教 sessions
// are additions, so two phones recording the same case offline both get in. A record the server refuses (the case
// was closed meanwhile, a date it does not accept) stays here with the server's reason until the user corrects and
// resends it or discards it on purpose: nothing is dropped silently.

export type OutboxKind = 'visit' | 'identify' | 'session' | 'return'

export type OutboxState = 'waiting' | 'sent' | 'refused'

export interface OutboxItem {
  requestId: string
  /** The account that recorded it: only that account sends it. */
  username: string
  kind: OutboxKind
  /** The case it is for; null for a new case until the server has opened it. */
  caseId: string | null
  path: string
  body: Record<string, unknown>
  /** What the lists show: masked, never the sealed student. */
  title: string
  detail: string
  createdAt: string
  state: OutboxState
  attempts: number
  lastAttemptAt: string | null
  sentAt: string | null
  /** The server's answer: the case id (a new case's, once opened). */
  resultCaseId: string | null
  refusal: { code: string; message: string; field: string | null } | null
}

export const KIND_LABELS: Record<OutboxKind, string> = {
  visit: '劝返走访',
  identify: '新增疑似辍学',
  session: '送教上门记录',
  return: '登记返校',
}

export interface NewRecord {
  kind: OutboxKind
  caseId: string | null
  path: string
  body: Record<string, unknown>
  title: string
  detail: string
}

/** Saves a record to be sent; with {@code requestId} given (a visit's id is its request id) that one is used. */
export async function saveRecord(username: string, record: NewRecord, requestId = newRequestId(),
                                 replacing?: string): Promise<OutboxItem> {
  const item: OutboxItem = {
    // As JSON: what is sent is plain data (a form's reactive arrays cannot be stored in IndexedDB as they are).
    ...(JSON.parse(JSON.stringify(record)) as NewRecord), requestId, username, createdAt: new Date().toISOString(), state: 'waiting', attempts: 0,
    lastAttemptAt: null, sentAt: null, resultCaseId: null, refusal: null,
  }
  const tx = (await database()).transaction('outbox', 'readwrite')
  // A corrected record replaces the refused one in the same transaction: never both, never neither.
  if (replacing) await tx.store.delete(replacing)
  await tx.store.put(item)
  await tx.done
  return item
}

export async function allRecords(): Promise<OutboxItem[]> {
  return (await database()).getAllFromIndex('outbox', 'byCreatedAt')
}

export async function record(requestId: string): Promise<OutboxItem | undefined> {
  return (await database()).get('outbox', requestId)
}

export async function countUnsent(): Promise<number> {
  return (await allRecords()).filter((item) => item.state !== 'sent').length
}

/** Discards a record on purpose (the user confirmed it): only a refused or waiting one. */
export async function discard(requestId: string): Promise<void> {
  await (await database()).delete('outbox', requestId)
}

/** Sent records older than this are forgotten (the server and the ledgers have them). */
const KEEP_SENT_MS = 7 * 24 * 3600_000

export interface SendResult {
  sent: number
  refused: number
  /** Why sending stopped early: no network, the server busy, or the session over. */
  stoppedBy: 'network' | 'session' | null
}

let sending: Promise<SendResult> | null = null

/**
 * Sends the waiting records of {@code username}, oldest first, one at a time (a new case before the visits
 * recorded after it). Stops at the first sign of no network or of an ended session and leaves the rest waiting.
 */
export function sendWaiting(username: string): Promise<SendResult> {
  sending ??= sendAll(username).finally(() => (sending = null))
  return sending
}

async function sendAll(username: string): Promise<SendResult> {
  const result: SendResult = { sent: 0, refused: 0, stoppedBy: null }
  const waiting = (await allRecords()).filter((item) => item.state === 'waiting' && item.username === username)
  for (const item of waiting) {
    const outcome = await sendOne(item)
    if (outcome === 'sent') result.sent++
    else if (outcome === 'refused') result.refused++
    else {
      result.stoppedBy = outcome
      break
    }
  }
  await forgetOldSent()
  return result
}

async function sendOne(item: OutboxItem): Promise<'sent' | 'refused' | 'network' | 'session'> {
  const attempt = { ...item, attempts: item.attempts + 1, lastAttemptAt: new Date().toISOString() }
  try {
    const answer = await api.post<{ caseId: string } | null>(item.path, item.body, item.requestId)
    // Every stored command answers with its case id: anything else is a cut-off answer, so it is not known to be in.
    if (!answer?.caseId) {
      await update(attempt)
      return 'network'
    }
    await update({ ...attempt, state: 'sent', sentAt: new Date().toISOString(), resultCaseId: answer.caseId,
      refusal: null })
    return 'sent'
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429 || e.retryable) {
      await update(attempt)
      return 'network'
    }
    if (e.status === 401) {
      await update(attempt)
      return 'session'
    }
    await update({ ...attempt, state: 'refused', refusal: refusalOf(item, e) })
    return 'refused'
  }
}

/**
 * The server's reason as the phone keeps it. A refusal about the sealed student may quote what was typed (a name with
 * a digit in it): the phone keeps only which field was wrong, since it must never hold the student in the clear.
 */
function refusalOf(item: OutboxItem, e: ApiError): NonNullable<OutboxItem['refusal']> {
  if (item.kind === 'identify' && e.field?.startsWith('student')) {
    return { code: e.code, field: e.field, message: `学生身份信息有误（${STUDENT_FIELDS[e.field] ?? '姓名或证件号码'}），请重新填写学生身份信息后再发送` }
  }
  return { code: e.code, message: e.message, field: e.field }
}

const STUDENT_FIELDS: Record<string, string> = {
  'student.name': '姓名',
  'student.idNumber': '身份证号',
  'student.studentNumber': '全国学籍号',
  'student.sex': '性别',
  'student.birthDate': '出生日期',
}

async function update(item: OutboxItem) {
  // Only if it is still there: the user may have discarded it while it was being sent.
  const tx = (await database()).transaction('outbox', 'readwrite')
  if (await tx.store.get(item.requestId)) await tx.store.put(item)
  await tx.done
}

async function forgetOldSent() {
  const cutoff = Date.now() - KEEP_SENT_MS
  const tx = (await database()).transaction('outbox', 'readwrite')
  for (const item of await tx.store.getAll()) {
    if (item.state === 'sent' && item.sentAt && Date.parse(item.sentAt) < cutoff) await tx.store.delete(item.requestId)
  }
  await tx.done
}
