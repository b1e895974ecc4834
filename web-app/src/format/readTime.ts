import { formatDate, formatDateTime, today } from './index'

// The two clocks of every ledger, dashboard and report (query-service casefile/ReadTime.java):
//   on   (业务日期): the state on that day by the dates on the events (visited on, returned on ...); steps entered
//        late or corrected count on the day they happened;
//   asOf (统计时点): what had been recorded by then (a date means the end of that day, China time).
// asOf alone is what the system knew then; on alone is that day as known now; both are that day as known then.

/** What a page asks for, as the URL holds it (absent: now). */
export interface AskedTime {
  on?: string
  asOf?: string
}

/** What every answer says about its time (CountyReport, TownDashboard, LedgerPage). */
export interface AnsweredTime {
  asOf: string
  asOfDay: string
  live: boolean
  byBusinessDate?: boolean
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The two parameters for the API and for links, without the absent ones. */
export function timeParams(asked: AskedTime): AskedTime {
  const params: AskedTime = {}
  if (asked.on) params.on = asked.on
  if (asked.asOf) params.asOf = asked.asOf
  return params
}

/** True when the page asks for anything but now (the live stream and its 实时 badge then do not apply). */
export function isPast(asked: AskedTime): boolean {
  return Boolean(asked.on || asked.asOf)
}

/** "2026-11-05 当天结束时" for an asOf asked as a date, "2026-11-05 18:00 时" for a moment. */
function momentText(asked: string | undefined, answered: string): string {
  if (asked && DATE.test(asked)) return `${asked} 当天结束时`
  return `${formatDateTime(answered)} 时`
}

/**
 * The line that says what a page shows, from the answer (and the asOf the page asked for, which says whether a day
 * or a moment was meant):
 * - now: 当前情况（截至 2026-12-06 14:03 录入的记录）
 * - on: 2026-10-31 当天的情况（按业务日期，截至现在录入的记录）, with asOf: …截至 2026-11-05 当天结束时录入的记录
 * - asOf alone: 截至 2026-11-05 当天结束时系统所掌握的情况（之后补录、更正的记录不计入）
 */
export function shownLine(answer: AnsweredTime, asked: AskedTime = {}): string {
  if (answer.byBusinessDate) {
    const known = asked.asOf ? ` ${momentText(asked.asOf, answer.asOf)}` : '现在'
    return `${formatDate(answer.asOfDay)} 当天的情况（按业务日期，截至${known}录入的记录）`
  }
  if (answer.live) {
    return `当前情况（截至 ${formatDateTime(answer.asOf)} 录入的记录）`
  }
  return `截至 ${momentText(asked.asOf, answer.asOf)}系统所掌握的情况（之后补录、更正的记录不计入）`
}

/** A short tag for the title line: 实时, 按业务日期 or 历史时点重现. */
export function shownTag(answer: AnsweredTime): string {
  if (answer.byBusinessDate) return '按业务日期'
  return answer.live ? '实时' : '历史时点重现'
}

function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/**
 * The days a 业务日期 picker refuses: after today (China), and after the 统计时点 when one is chosen (a day nobody had
 * seen by then has no state to show; the server answers ON_AFTER_AS_OF).
 */
export function onRefused(asOf: string | undefined, now: string = today()): (date: Date) => boolean {
  const last = asOf && asOf.slice(0, 10) < now ? asOf.slice(0, 10) : now
  return (date) => dayOf(date) > last
}

/** The days a 统计时点 picker refuses: after today, and before the chosen 业务日期. */
export function asOfRefused(on: string | undefined, now: string = today()): (date: Date) => boolean {
  return (date) => {
    const day = dayOf(date)
    return day > now || (on !== undefined && day < on)
  }
}

/** The colour of that tag (Element Plus tag type). */
export function timeTagType(answer: AnsweredTime): 'success' | 'primary' | 'warning' {
  if (answer.byBusinessDate) return 'primary'
  return answer.live ? 'success' : 'warning'
}
