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

export function setToken(value: string | null) {
  token = value
}

/** Called when the server says the session is over (expired, signed out elsewhere): the app asks to sign in again. */
export function whenSessionEnds(handler: () => void) {
  onSessionEnded = handler
}

export function newRequestId(): string {
  return crypto.randomUUID()
}

async function send<T>(method: string, path: string, body?: unknown, requestId?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Client-Channel': 'web' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') headers['X-Request-Id'] = requestId ?? newRequestId()
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
  if (response.status === 401 && token) onSessionEnded()
  throw error
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body?: unknown, requestId?: string) => send<T>('POST', path, body ?? {}, requestId),
}
