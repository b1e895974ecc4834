// The live-update stream GET /api/live read with fetch() (EventSource cannot send the bearer token), reconnected
// with growing delays when it drops. The server sends `measures` first, then `ledger-row` / `case-left` / `measures`
// as cases change, a keep-alive comment every 20 s, and ends a stream after 30 min, at sign-out (`session-ended`) or
// when the account opens too many (`stream-closed`).
import { authorization, withQuery } from '../api/http'
import { SseParser } from './sse'

export type LiveState = 'connecting' | 'live' | 'down'

export interface LiveHandlers {
  /** Every event with its parsed JSON; `first` is true for the first event of each (re)connection. */
  onEvent(name: string, data: any, first: boolean): void
  /** The connection's state and, when down, why (Chinese). */
  onState?(state: LiveState, reason: string | null): void
}

export interface LiveConnection {
  close(): void
}

/** No byte for this long (the server's keep-alive comes every 20 s) means the connection is dead. */
const IDLE_LIMIT_MS = 50_000
const FIRST_DELAY_MS = 1_000
const MAX_DELAY_MS = 30_000

/** Delay before reconnection attempt n (0-based): 1 s, 2 s, 4 s ... 30 s, with a little jitter. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 10))
  return Math.round(base * (0.8 + 0.4 * random()))
}

export function openLive(region: string | undefined, handlers: LiveHandlers): LiveConnection {
  let closed = false
  let attempt = 0
  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let idleTimer: ReturnType<typeof setTimeout> | undefined

  const setState = (state: LiveState, reason: string | null = null) => {
    if (!closed) handlers.onState?.(state, reason)
  }

  const retry = (reason: string, delay = backoff(attempt++)) => {
    if (closed) return
    setState('down', reason)
    clearTimeout(retryTimer)
    retryTimer = setTimeout(connect, delay)
  }

  // Back online: try at once instead of waiting out the delay.
  const online = () => {
    if (!closed && !controller) {
      clearTimeout(retryTimer)
      attempt = 0
      connect()
    }
  }
  window.addEventListener('online', online)

  async function connect() {
    if (closed) return
    setState('connecting')
    const abort = new AbortController()
    controller = abort
    const armIdle = () => {
      clearTimeout(idleTimer)
      idleTimer = setTimeout(() => abort.abort(), IDLE_LIMIT_MS)
    }
    let reason = '连接中断，正在重连'
    let delay: number | undefined
    try {
      const response = await fetch(withQuery('/api/live', { region }), {
        headers: { ...authorization(), Accept: 'text/event-stream', 'X-Client-Channel': 'web' },
        signal: abort.signal,
        cache: 'no-store',
      })
      if (!response.ok || !response.body) {
        if (response.status === 401) {
          reason = '登录已失效，重新登录后自动恢复'
          delay = MAX_DELAY_MS
        } else if (response.status === 403) {
          closed = true
          handlers.onState?.('down', '无权订阅本区域的实时推送')
          return
        } else {
          reason = `服务器暂不可用（${response.status}），正在重连`
        }
        return
      }
      armIdle()
      setState('live')
      const parser = new SseParser()
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let first = true
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        armIdle()
        for (const message of parser.push(value)) {
          let data: any = null
          try {
            data = JSON.parse(message.data)
          } catch {
            data = message.data
          }
          if (message.event === 'session-ended') {
            reason = data?.message ?? '登录已失效，实时推送已停止'
            delay = MAX_DELAY_MS
          } else if (message.event === 'stream-closed') {
            reason = data?.message ?? '实时推送已被关闭'
            delay = parser.retry ?? 60_000
          } else {
            attempt = 0
            if (!closed) handlers.onEvent(message.event, data, first)
            first = false
          }
        }
      }
    } catch {
      // network error or our own abort (idle / closed): reconnect below unless closed
    } finally {
      clearTimeout(idleTimer)
      if (controller === abort) controller = null
      if (!closed) retry(reason, delay)
    }
  }

  connect()
  return {
    close() {
      closed = true
      clearTimeout(retryTimer)
      clearTimeout(idleTimer)
      window.removeEventListener('online', online)
      controller?.abort()
    },
  }
}
