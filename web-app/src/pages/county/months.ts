// Months of the monthly report. A month's report exists once its cut-off day (server setting, 28th by default, or
// the month's last day) has ended in China; the cut-off shows in every monthly report as period.to.

/** '2026-11' of a date string '2026-11-28'. */
export const monthOf = (day: string) => day.slice(0, 7)

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** The cut-off day a report's period.to reveals: its day of month, or 0 when it is the month's last day. */
export function cutoffDayOf(periodTo: string): number {
  const [y, m, d] = periodTo.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d === last ? 0 : d
}

/** The cut-off day of a month ('2026-11-28') for a cut-off day of month (0: the month's last day). */
export function cutoffDate(month: string, cutoffDay: number): string {
  const [y, m] = month.split('-').map(Number)
  const day = cutoffDay === 0 ? new Date(Date.UTC(y, m, 0)).getUTCDate() : cutoffDay
  return `${month}-${String(day).padStart(2, '0')}`
}

/**
 * The latest month whose report can be had on `today` (China date '2026-12-06'): this month once its cut-off day is
 * over, else the month before. Without a known cut-off day, the month before (always ended).
 */
export function latestEndedMonth(today: string, cutoffDay: number | null): string {
  const current = monthOf(today)
  if (cutoffDay !== null && today > cutoffDate(current, cutoffDay)) return current
  return addMonths(current, -1)
}

/** The `count` months up to and including `last`, oldest first. */
export function monthsUpTo(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1))
}
