// One way to call the product: same origin, bearer token, a request id on every change (a double click or a retry
// after a dropped answer never records twice), and the server's errors as ApiError with their Chinese message.

export interface ApiProblem {
  row: number
  column: string | null
  code: string
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly field: string | null,
    message: string,
    readonly retryable: boolean,
    readonly problems: ApiProblem[] = [],
  ) {
    super(message)
  }
}

let token: string | null = null
let onSessionEnded: () => void = () => {}
let renewSession: (() => Promise<boolean>) | null = null
let renewal: Promise<boolean> | null = null

export function setToken(value: string | null) {
  token = value
}

/** Called when the server says the session is over (expired, signed out elsewhere): the app asks to sign in again. */
export function whenSessionEnds(handler: () => void) {
  onSessionEnded = handler
}

/**
 * While a desk page is open, an expired session is renewed in place: {@code renew} asks for the password again and
 * answers true once the same user is signed in; the refused request is then sent again with the same request id, so
 * a half-filled form is neither lost nor recorded twice. Null when no page can ask (the sign-in page itself).
 */
export function renewSessionWith(renew: (() => Promise<boolean>) | null) {
  renewSession = renew
}

export function newRequestId(): string {
  return crypto.randomUUID()
}

async function send<T>(method: string, path: string, body?: unknown, requestId?: string): Promise<T> {
  const id = method === 'GET' ? undefined : (requestId ?? newRequestId())
  try {
    return await sendOnce<T>(method, path, body, id)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || !token || !renewSession) {
      if (e instanceof ApiError && e.status === 401 && token) onSessionEnded()
      throw e
    }
    renewal ??= renewSession().finally(() => (renewal = null))
    if (!(await renewal)) throw e
    return sendOnce<T>(method, path, body, id)
  }
}

async function sendOnce<T>(method: string, path: string, body?: unknown, requestId?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Client-Channel': 'web' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (requestId) headers['X-Request-Id'] = requestId
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'NETWORK_UNREACHABLE', null, '无法连接服务器，请检查网络后重试', true)
  }
  const text = await response.text()
  const data = text ? safeJson(text) : null
  if (response.ok) return data as T
  const error = new ApiError(
    response.status,
    data?.code ?? 'HTTP_' + response.status,
    data?.field ?? null,
    data?.message ?? '请求失败（' + response.status + '），请稍后重试',
    data?.retryable ?? response.status >= 500,
    data?.problems ?? [],
  )
  throw error
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The bearer token for calls that cannot go through {@link api} (the live stream, file downloads). */
export function authorization(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** Downloads a file (an export) with the session's token and hands it to the browser under the server's name. */
export async function download(path: string, fallbackName: string) {
  let response: Response
  try {
    response = await fetch(path, { headers: { ...authorization(), 'X-Client-Channel': 'web' } })
  } catch {
    throw new ApiError(0, 'NETWORK_UNREACHABLE', null, '无法连接服务器，请检查网络后重试', true)
  }
  if (!response.ok) {
    const data = safeJson(await response.text())
    throw new ApiError(response.status, data?.code ?? 'HTTP_' + response.status, data?.field ?? null,
      data?.message ?? '导出失败（' + response.status + '），请稍后重试', false)
  }
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  const name = encoded ? decodeURIComponent(encoded[1]) : fallbackName
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body?: unknown, requestId?: string) => send<T>('POST', path, body ?? {}, requestId),
}

/** A path with its query string; empty and undefined values are left out, arrays repeat the name. */
export function withQuery(path: string, params: Record<string, unknown>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => query.append(name, String(v)))
    else query.append(name, String(value))
  }
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

/** A code and its Chinese label, as the server sends every enumerated value (status, reason, grade...). */
export interface Coded {
  code: string
  label: string
}

/**
 * Sends a file as multipart/form-data (field {@code file}) with the token and a request id; the server's refusal
 * comes back as an ApiError with its problems[] (row, column, message), like every other call.
 */
export async function upload<T>(path: string, file: File, requestId?: string,
  fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  const headers: Record<string, string> = {
    ...authorization(),
    Accept: 'application/json',
    'X-Client-Channel': 'web',
    'X-Request-Id': requestId ?? newRequestId(),
  }
  let response: Response
  try {
    response = await fetch(path, { method: 'POST', headers, body: form })
  } catch {
    throw new ApiError(0, 'NETWORK_UNREACHABLE', null, '无法连接服务器，请检查网络后重试', true)
  }
  const text = await response.text()
  const data = text ? safeJson(text) : null
  if (response.ok) return data as T
  throw new ApiError(response.status, data?.code ?? 'HTTP_' + response.status, data?.field ?? null,
    data?.message ?? '上传失败（' + response.status + '），请稍后重试', data?.retryable ?? response.status >= 500,
    data?.problems ?? [])
}
