// The server's shape and date rules for the school's steps (kernel Checks, DateRules and the DropoutCase
// aggregate), as pure functions: each answers a map field → Chinese message, empty when the form may be sent.

export type Problems = Record<string, string>

export const NAME_MAX = 50
export const TEXT_MAX = 200
export const NOTE_MAX = 2000

/** A calendar day of a date picker as yyyy-MM-dd (the picker hands local midnight). */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

/** Length in characters as the server counts them (code points, after stripping). */
export function length(text: string | null | undefined): number {
  return [...(text ?? '').trim()].length
}

export function required(problems: Problems, field: string, value: unknown, what: string) {
  if (value === null || value === undefined || (typeof value === 'string' && !value.trim())) {
    problems[field] ??= '请填写' + what
  }
}

export function maxLength(problems: Problems, field: string, value: string | null | undefined, max: number, what: string) {
  const n = length(value)
  if (n > max) problems[field] ??= `${what}不能超过 ${max} 个字，填写的是 ${n} 个字`
}

/** DateRules.requireNotFuture. */
export function notFuture(problems: Problems, field: string, date: string | null, today: string, what: string) {
  if (date && date > today) problems[field] ??= `${what}不能晚于今天（${today}）`
}

/** DateRules.requireNotBefore. */
export function notBefore(problems: Problems, field: string, date: string | null, earliest: string | null | undefined,
                          what: string, earliestWhat: string) {
  if (date && earliest && date < earliest) problems[field] ??= `${what}（${date}）不能早于${earliestWhat}（${earliest}）`
}

/** A business date of the case: between the identification date and today. */
export function occurred(problems: Problems, field: string, date: string | null, today: string, identifiedOn: string,
                         what: string) {
  required(problems, field, date, what)
  notFuture(problems, field, date, today, what)
  notBefore(problems, field, date, identifiedOn, what, '案件发现日期')
}

export interface ReturnForm {
  returnedOn: string | null
  grade: string | null
  className: string
  placement: string | null
}

/** RecordReturnToSchool and DropoutCase.handle(RecordReturnToSchool). */
export function returnProblems(form: ReturnForm, today: string, identifiedOn: string): Problems {
  const p: Problems = {}
  occurred(p, 'returnedOn', form.returnedOn, today, identifiedOn, '返校日期')
  required(p, 'grade', form.grade, '就读年级')
  maxLength(p, 'className', form.className, NAME_MAX, '班级')
  required(p, 'placement', form.placement, '安置方式')
  return p
}

export interface RelapseForm {
  droppedOutAgainOn: string | null
  note: string
}

/** RecordRelapse: not in the future, not before the identification nor the return. */
export function relapseProblems(form: RelapseForm, today: string, identifiedOn: string, returnedOn?: string | null): Problems {
  const p: Problems = {}
  occurred(p, 'droppedOutAgainOn', form.droppedOutAgainOn, today, identifiedOn, '再次辍学日期')
  notBefore(p, 'droppedOutAgainOn', form.droppedOutAgainOn, returnedOn, '再次辍学日期', '返校日期')
  maxLength(p, 'note', form.note, NOTE_MAX, '复辍情况说明')
  return p
}

export interface CrossOffForm {
  crossedOffOn: string | null
  note: string
}

/** CrossOff: from the day the watch period ends (WATCH_PERIOD_NOT_OVER), never in the future. */
export function crossOffProblems(form: CrossOffForm, today: string, identifiedOn: string,
                                 watchPeriodEndsOn?: string | null, returnedOn?: string | null): Problems {
  const p: Problems = {}
  occurred(p, 'crossedOffOn', form.crossedOffOn, today, identifiedOn, '销号日期')
  if (form.crossedOffOn && watchPeriodEndsOn && form.crossedOffOn < watchPeriodEndsOn) {
    p.crossedOffOn ??= `返校观察期至 ${watchPeriodEndsOn} 届满${returnedOn ? `（${returnedOn} 返校）` : ''}，届满之日起才能销号`
  }
  maxLength(p, 'note', form.note, NOTE_MAX, '销号说明')
  return p
}

/** May the case be crossed off today? The watch period ends on its last day: from that day on. */
export function watchPeriodOver(watchPeriodEndsOn: string | null | undefined, today: string): boolean {
  return !!watchPeriodEndsOn && today >= watchPeriodEndsOn
}

/** Days until the watch period ends (0 when over). */
export function daysUntil(date: string, today: string): number {
  const ms = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10))
    - Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10))
  return Math.max(0, Math.round(ms / 86_400_000))
}

/** Teacher names typed in one field, separated by 、，, or spaces. */
export function splitNames(text: string): string[] {
  return text.split(/[、，,;；\s]+/).map((s) => s.trim()).filter(Boolean)
}

export interface SessionForm {
  deliveredOn: string | null
  teachers: string
  periods: number | null
  content: string
}

/** RecordHomeTeachingSession and its aggregate rule (not before the arrangement starts, not in the future). */
export function sessionProblems(form: SessionForm, today: string, startsOn?: string | null): Problems {
  const p: Problems = {}
  required(p, 'deliveredOn', form.deliveredOn, '送教日期')
  notFuture(p, 'deliveredOn', form.deliveredOn, today, '送教日期')
  notBefore(p, 'deliveredOn', form.deliveredOn, startsOn, '送教日期', '送教开始日期')
  const names = splitNames(form.teachers)
  if (names.length === 0) p.teachers = '请填写送教教师'
  names.forEach((name) => maxLength(p, 'teachers', name, NAME_MAX, '送教教师姓名'))
  if (form.periods === null || form.periods === undefined) p.periods = '请填写本次送教课时'
  else if (form.periods < 1 || form.periods > 8) p.periods = `本次送教课时应在 1–8 之间，填写的是 ${form.periods}`
  required(p, 'content', form.content, '送教内容')
  maxLength(p, 'content', form.content, NOTE_MAX, '送教内容')
  return p
}

/**
 * The form field a server error belongs to: the server names nested fields with dots and list indexes
 * ("student.idNumber", "teachers[1]", "priorityCategories[0].since"); a form shows list entries at the list.
 */
export function fieldOf(serverField: string | null, known: string[]): string | null {
  if (!serverField) return null
  if (known.includes(serverField)) return serverField
  const withoutIndex = serverField.replace(/\[\d+\].*$/, '')
  if (known.includes(withoutIndex)) return withoutIndex
  const parent = serverField.replace(/\.[^.]*$/, '')
  return parent !== serverField ? fieldOf(parent, known) : null
}
