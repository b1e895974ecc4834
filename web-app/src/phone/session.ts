import { reactive } from 'vue'
import { ApiError, api, setToken, whenSessionEnds } from '../api/http'
import type { User } from '../auth/session'
import { deleteEverything, readMeta, writeMeta } from './local/db'
import { countUnsent } from './local/outbox'

// The phone's sign-in. Unlike the desk (one tab, sessionStorage), the phone app must open in a valley with no
// network, so its session stays on the phone (localStorage) until sign-out. What protects a lost or shared phone:
// the app locks after a few idle minutes and asks for the password again (checked by the server when it can be
// reached, else against a slow salted hash kept on the phone), sign-out deletes everything the app keeps, and what it
// keeps holds no full ID number and only masked names.

interface SignInAnswer {
  token: string
  expiresAt: string
  user: User
}

interface Saved extends SignInAnswer {
  username: string
}

interface UnlockCheck {
  salt: string
  hash: string
}

const SESSION_KEY = 'kcbx.phone.session'
const UNLOCK_KEY = 'kcbx.phone.unlock'
const ACTIVE_KEY = 'kcbx.phone.lastActive'
const KEYS = [SESSION_KEY, UNLOCK_KEY, ACTIVE_KEY]

/** Idle time after which the app locks. */
export const LOCK_AFTER_MS = 5 * 60_000
const PBKDF2_ROUNDS = 210_000

export const phone = reactive({
  user: null as User | null,
  username: '',
  /** Locked: nothing is shown until the password is given again. */
  locked: false,
  /** The server no longer accepts the token: records wait until the user signs in again. */
  expired: false,
})

export function restorePhoneSession() {
  whenSessionEnds(() => (phone.expired = true))
  const saved = readSaved()
  if (!saved) return
  setToken(saved.token)
  phone.user = saved.user
  phone.username = saved.username
  const lastActive = Number(localStorage.getItem(ACTIVE_KEY) ?? 0)
  phone.locked = Date.now() - lastActive > LOCK_AFTER_MS
}

function readSaved(): Saved | null {
  try {
    const saved = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Saved | null
    return saved?.token && saved.user ? saved : null
  } catch {
    return null
  }
}

/** The user whose records this phone keeps, if another one than {@code username} (who must then confirm). */
export async function otherUsersRecords(username: string): Promise<{ name: string; waiting: number } | null> {
  const owner = await readMeta<{ username: string; displayName: string }>('owner')
  if (!owner || owner.username === username) return null
  return { name: owner.displayName, waiting: await countUnsent() }
}

export async function signInOnPhone(username: string, password: string): Promise<User> {
  const answer = await api.post<SignInAnswer>('/api/auth/sign-in', { username, password })
  const owner = await readMeta<{ username: string }>('owner')
  if (owner && owner.username !== username) await deleteEverything()
  remember(answer, username)
  localStorage.setItem(UNLOCK_KEY, JSON.stringify(await unlockCheck(password)))
  await writeMeta('owner', { username, displayName: answer.user.displayName })
  return answer.user
}

function remember(answer: SignInAnswer, username: string) {
  const saved: Saved = { ...answer, username }
  localStorage.setItem(SESSION_KEY, JSON.stringify(saved))
  setToken(answer.token)
  phone.user = answer.user
  phone.username = username
  phone.locked = false
  phone.expired = false
  noteActivity()
}

/**
 * Unlocks with the password: the server checks it and renews the session when it can be reached; with no network
 * the phone's own check lets the user go on working offline (records wait until the server takes them).
 */
export async function unlock(password: string): Promise<void> {
  try {
    const answer = await api.post<SignInAnswer>('/api/auth/sign-in', { username: phone.username, password })
    remember(answer, phone.username)
    localStorage.setItem(UNLOCK_KEY, JSON.stringify(await unlockCheck(password)))
    return
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 0) throw e
  }
  const stored = JSON.parse(localStorage.getItem(UNLOCK_KEY) ?? 'null') as UnlockCheck | null
  if (!stored || (await unlockCheck(password, stored.salt)).hash !== stored.hash) {
    throw new ApiError(401, 'UNLOCK_FAILED', 'password', '密码不正确（当前无网络，按本机保存的校验信息核对）', false)
  }
  phone.locked = false
  noteActivity()
}

async function unlockCheck(password: string, salt?: string): Promise<UnlockCheck> {
  const saltBytes: Uint8Array<ArrayBuffer> = salt ? fromBase64(salt) : crypto.getRandomValues(new Uint8Array(16))
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: saltBytes, iterations: PBKDF2_ROUNDS }, key, 256)
  return { salt: toBase64(saltBytes), hash: toBase64(new Uint8Array(bits)) }
}

let lastWrite = 0

/** A touch or a key press: the idle clock starts again (written at most every few seconds). */
export function noteActivity() {
  const now = Date.now()
  if (now - lastWrite < 5_000) return
  lastWrite = now
  localStorage.setItem(ACTIVE_KEY, String(now))
}

/** Locks when the phone was left idle; called every few seconds and when the app comes back to the front. */
export function lockIfIdle() {
  if (!phone.user || phone.locked) return
  const lastActive = Number(localStorage.getItem(ACTIVE_KEY) ?? 0)
  if (Date.now() - lastActive > LOCK_AFTER_MS) phone.locked = true
}

export function lockNow() {
  phone.locked = true
  localStorage.setItem(ACTIVE_KEY, '0')
  lastWrite = 0
}

/** Signs out and deletes everything the app keeps on this phone (records not yet sent included: the page asks first). */
export async function signOutOnPhone() {
  try {
    await api.post('/api/auth/sign-out')
  } catch {
    // no network, or the session is already over: the local data goes either way
  }
  setToken(null)
  KEYS.forEach((key) => localStorage.removeItem(key))
  await deleteEverything()
  phone.user = null
  phone.username = ''
  phone.locked = false
  phone.expired = false
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}
