// Dates as a county clerk writes them: 2026-12-05, and 2026-12-05 14:03 for a moment (China time).

const CHINA = 'Asia/Shanghai'

/** 2026-12-05 from a LocalDate string ('2026-12-05') or an instant; '—' when there is none. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  return dateParts(new Date(value)).slice(0, 3).join('-')
}

/** 2026-12-05 14:03 in China time from an instant; '—' when there is none. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const [y, m, d, hh, mm] = dateParts(new Date(value))
  return `${y}-${m}-${d} ${hh}:${mm}`
}

/** Today in China as 2026-12-05 (the default of date fields). */
export function today(): string {
  return formatDate(new Date().toISOString())
}

function dateParts(date: Date): string[] {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CHINA, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return [get('year'), get('month'), get('day'), get('hour'), get('minute')]
}

/** A rate as the server sends it, already a percentage (返回率 47.7 → 47.7%); '—' when there is nothing to divide. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(1) + '%'
}
