import { onBeforeUnmount, onMounted, reactive } from 'vue'
import { openLive, type LiveConnection, type LiveState } from './liveStream'

export interface LiveStatus {
  state: LiveState
  reason: string | null
  lastEventAt: Date | null
}

/**
 * The live stream of a page for as long as the page is shown: its state for the 实时 / 已断开 indicator and the time
 * of the last event. `region` undefined subscribes to the user's own unit. With `startOnMount: false` the page opens
 * it itself (`start()`), e.g. after its first read, so that the stream's opening figures do not compete with it.
 */
export function useLive(
  region: () => string | undefined,
  onEvent: (name: string, data: any, first: boolean) => void,
  options: { startOnMount?: boolean } = {},
) {
  const live = reactive<LiveStatus>({ state: 'connecting', reason: null, lastEventAt: null })
  let connection: LiveConnection | null = null
  let unmounted = false
  function start() {
    if (connection || unmounted) return
    connection = openLive(region(), {
      onEvent(name, data, first) {
        live.lastEventAt = new Date()
        onEvent(name, data, first)
      },
      onState(state, reason) {
        live.state = state
        live.reason = reason
      },
    })
  }
  /** Closes the stream (a page that shows a past day needs none); start() opens it again. */
  function stop() {
    connection?.close()
    connection = null
    live.state = 'connecting'
    live.reason = null
  }
  onMounted(() => {
    if (options.startOnMount !== false) start()
  })
  onBeforeUnmount(() => {
    unmounted = true
    connection?.close()
  })
  return { live, start, stop }
}
