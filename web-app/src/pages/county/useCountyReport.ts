import { nextTick, onBeforeUnmount, ref, shallowRef } from 'vue'
import { ApiError } from '../../api/http'
import { session } from '../../auth/session'
import { useLive } from '../../live/useLive'
import { isPast, type AskedTime } from '../../format/readTime'
import { countyReport, type CountyReport, type RegionMeasures } from './api'
import { changedCells } from './columns'

/** At most one re-read of the report per this many milliseconds, however many changes the stream reports. */
const MIN_INTERVAL_MS = 3000
/** A burst of changes (a batch of visits) is gathered for this long before the report is read again. */
const GATHER_MS = 400

/**
 * The signed-in county's report, read again (throttled) whenever the live stream says a case in the county changed,
 * with the figures that changed in the last re-read. With a 业务日期 or 统计时点 (`time`) the report shows a past
 * day: it is read once, without the live stream.
 */
export function useCountyReport(listener?: (name: string, data: any) => void, time: () => AskedTime = () => ({})) {
  const county = session.user?.unit ?? ''
  const report = shallowRef<CountyReport | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const changed = ref(new Set<string>())
  const lastChangeAt = ref<Date | null>(null)
  let lastReadAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let connections = 0

  let latest = 0
  async function load() {
    const ticket = ++latest
    const asked = time()
    loading.value = true
    lastReadAt = Date.now()
    try {
      const fresh = await countyReport(county, asked)
      if (ticket !== latest) return
      if (!report.value) performance.mark('county-report-received')
      const before = report.value
      report.value = fresh
      error.value = null
      // Figures flash only when the same view changed (not when another day was picked).
      if (before && sameView(before, fresh)) {
        const diff = changedCells(before, fresh)
        changed.value = new Set()
        await nextTick() // drop the old highlight first, so a figure changed again flashes again
        changed.value = diff
        if (diff.size > 0) lastChangeAt.value = new Date()
      } else {
        changed.value = new Set()
        lastChangeAt.value = null
      }
    } catch (e) {
      if (ticket !== latest) return
      error.value = e instanceof ApiError ? e.message : '读取县级报表失败，请稍后重试'
    } finally {
      if (ticket === latest) {
        loading.value = false
        // The stream opens after the first read: its opening figures cost the server as much as the report, and any
        // change in between shows as different opening figures (read again below). A past day needs no stream.
        if (isPast(asked)) stop()
        else start()
      }
    }
  }

  const sameView = (a: CountyReport, b: CountyReport) => a.live === b.live && b.live

  function scheduleRead() {
    if (timer) return
    const wait = Math.max(GATHER_MS, lastReadAt + MIN_INTERVAL_MS - Date.now())
    timer = setTimeout(() => {
      timer = undefined
      load()
    }, wait)
  }

  const sameTotal = (m: RegionMeasures) =>
    report.value !== null &&
    JSON.stringify(m.account) === JSON.stringify(report.value.total.account) &&
    m.overdueCases === report.value.total.overdueCases

  const { live, start, stop } = useLive(
    () => county,
    (name, data, first) => {
      if (first) connections++
      listener?.(name, data)
      if (isPast(time())) return
      if (name === 'measures') {
        // After a reconnection changes may have been missed; otherwise only figures that differ need a re-read.
        if ((first && connections > 1) || !sameTotal(data.measures)) scheduleRead()
      } else if (name === 'ledger-row' || name === 'case-left') {
        scheduleRead()
      }
    },
    { startOnMount: false },
  )

  onBeforeUnmount(() => clearTimeout(timer))

  return { county, report, loading, error, changed, lastChangeAt, live, load }
}
