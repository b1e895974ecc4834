import { reactive } from 'vue'
import { api, setToken } from '../api/http'

export type Role = 'VILLAGE' | 'SCHOOL' | 'TOWN' | 'COUNTY' | 'ADMIN'

export interface User {
  userId: string
  displayName: string
  role: Role
  roleLabel: string
  unit: string
  unitName: string | null
  /** The account's county (6 digits); a school's code names none, so the server says it. Null when unknown. */
  county: string | null
  mustChangePassword: boolean
}

interface SignInResponse {
  token: string
  expiresAt: string
  user: User
}

const STORAGE_KEY = 'kcbx.session'

/** The signed-in user, kept for this browser tab only (sessionStorage): closing the tab signs the desk out. */
export const session = reactive<{ user: User | null; expiresAt: string | null }>({ user: null, expiresAt: null })

export function restoreSession() {
  const saved = sessionStorage.getItem(STORAGE_KEY)
  if (!saved) return
  try {
    const { token, user, expiresAt } = JSON.parse(saved)
    setToken(token)
    session.user = user
    session.expiresAt = expiresAt
  } catch {
    sessionStorage.removeItem(STORAGE_KEY)
  }
}

export async function signIn(username: string, password: string): Promise<User> {
  const answer = await api.post<SignInResponse>('/api/auth/sign-in', { username, password })
  setToken(answer.token)
  session.user = answer.user
  session.expiresAt = answer.expiresAt
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(answer))
  return answer.user
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<User> {
  const user = await api.post<User>('/api/auth/password', { currentPassword, newPassword })
  session.user = user
  const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}')
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...saved, user }))
  return user
}

/** Forgets the session locally (the server's answer does not matter: the token is dropped either way). */
export async function signOut() {
  try {
    await api.post('/api/auth/sign-out')
  } catch {
    // already over on the server
  }
  endSessionLocally()
}

export function endSessionLocally() {
  setToken(null)
  session.user = null
  session.expiresAt = null
  sessionStorage.removeItem(STORAGE_KEY)
}
