import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setToken } from '../../api/http'
import { deleteEverything } from './db'
import { allRecords, countUnsent, saveRecord, sendWaiting } from './outbox'

const visit = (caseId: string) => ({
  kind: 'visit' as const, caseId, path: `/api/cases/${caseId}/visits`, body: { notes: 'x' }, title: '张*明', detail: '',
})

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('the outbox', () => {
  beforeEach(() => setToken('t'))
  afterEach(async () => {
    vi.unstubAllGlobals()
    await deleteEverything()
  })

  it('sends each record with its own request id, and the same id again after a lost answer', async () => {
    const seen: string[] = []
    let first = true
    vi.stubGlobal('fetch', vi.fn(async (_path: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>)['X-Request-Id'])
      if (first) {
        first = false
        throw new TypeError('Failed to fetch')
      }
      return answer(200, { caseId: 'c1', requestId: 'r', replayed: false })
    }))
    const item = await saveRecord('village', visit('c1'))

    expect(await sendWaiting('village')).toEqual({ sent: 0, refused: 0, stoppedBy: 'network' })
    expect((await allRecords())[0].state).toBe('waiting')
    expect(await sendWaiting('village')).toEqual({ sent: 1, refused: 0, stoppedBy: null })

    expect(seen).toEqual([item.requestId, item.requestId])
    const [sent] = await allRecords()
    expect(sent.state).toBe('sent')
    expect(sent.attempts).toBe(2)
    expect(await countUnsent()).toBe(0)
  })

  it('keeps a refused record with the server reason and goes on with the next one', async () => {
    vi.stubGlobal('fetch', vi.fn(async (path: string) => path.includes('closed')
      ? answer(409, { code: 'CASE_CLOSED', field: null, message: '案件已结案，不能登记走访', retryable: false })
      : answer(200, { caseId: 'open' })))
    await saveRecord('village', visit('closed'))
    await saveRecord('village', visit('open'))

    expect(await sendWaiting('village')).toEqual({ sent: 1, refused: 1, stoppedBy: null })
    const records = await allRecords()
    const refused = records.find((r) => r.caseId === 'closed')!
    const sent = records.find((r) => r.caseId === 'open')!
    expect(refused.state).toBe('refused')
    expect(refused.refusal).toEqual({ code: 'CASE_CLOSED', field: null, message: '案件已结案，不能登记走访' })
    expect(sent.state).toBe('sent')
    expect(await countUnsent()).toBe(1)
  })

  it('stops when the session is over and sends nothing of another account', async () => {
    const fetch = vi.fn(async () => answer(401, { code: 'SESSION_EXPIRED', message: '登录已过期' }))
    vi.stubGlobal('fetch', fetch)
    await saveRecord('other-village', visit('a'))
    await saveRecord('village', visit('b'))
    await saveRecord('village', visit('c'))

    expect(await sendWaiting('village')).toEqual({ sent: 0, refused: 0, stoppedBy: 'session' })
    expect(fetch).toHaveBeenCalledTimes(1)
    expect((await allRecords()).every((item) => item.state === 'waiting')).toBe(true)
  })

  it('replaces a corrected record in one step', async () => {
    const refused = await saveRecord('village', visit('a'))
    const corrected = await saveRecord('village', visit('a'), undefined, refused.requestId)
    expect((await allRecords()).map((item) => item.requestId)).toEqual([corrected.requestId])
  })
})

describe('a refused new case', () => {
  beforeEach(() => setToken('t'))
  afterEach(async () => {
    vi.unstubAllGlobals()
    await deleteEverything()
  })

  it('keeps which student field was wrong, never the text the server quoted back', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(400, {
      code: 'NAME_CONTAINS_DIGITS', field: 'student.name', message: '姓名中不能有数字，填写的是“林小禾2”', retryable: false,
    })))
    await saveRecord('village', { kind: 'identify', caseId: null, path: '/api/cases', body: { sealedStudent: {} },
      title: '林*2', detail: '' })

    await sendWaiting('village')

    const [refused] = await allRecords()
    expect(refused.refusal?.code).toBe('NAME_CONTAINS_DIGITS')
    expect(refused.refusal?.message).toContain('姓名')
    expect(JSON.stringify(refused)).not.toContain('林小禾2')
  })
})

describe('an answer cut off', () => {
  beforeEach(() => setToken('t'))
  afterEach(async () => {
    vi.unstubAllGlobals()
    await deleteEverything()
  })

  it('leaves the record waiting when the body is missing or broken, and sends it again', async () => {
    const answers = [
      () => new Response('', { status: 200 }),
      () => new Response('{"caseId":', { status: 200 }),
      () => answer(200, { caseId: 'c1', requestId: 'r', replayed: true }),
    ]
    vi.stubGlobal('fetch', vi.fn(async () => answers.shift()!()))
    await saveRecord('village', visit('c1'))

    expect((await sendWaiting('village')).stoppedBy).toBe('network')
    expect((await sendWaiting('village')).stoppedBy).toBe('network')
    expect(await sendWaiting('village')).toEqual({ sent: 1, refused: 0, stoppedBy: null })
    expect((await allRecords())[0]).toMatchObject({ state: 'sent', attempts: 3, resultCaseId: 'c1' })
  })
})
