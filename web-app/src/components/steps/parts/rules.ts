// The shape rules of the case commands, mirrored from shared-kernel (Checks, MobileNumber, DateRules) and the case's
// own rules (DropoutCase), so that a clerk hears about a slip before sending. The server checks everything again.
import { today } from '../../../format'

/** Checks.NAME_MAX, TEXT_MAX, NOTE_MAX. */
export const NAME_MAX = 50
export const TEXT_MAX = 200
export const NOTE_MAX = 2000

/** Characters as the server counts them (code points, so a rare character outside the BMP counts once). */
function length(text: string): number {
  return [...text].length
}

/** Checks.text: required, stripped, at most max characters. Returns the message or null. */
export function requiredText(value: string | null | undefined, what: string, max: number): string | null {
  if (!value || !value.trim()) return '请填写' + what
  return optionalText(value, what, max)
}

/** Checks.optionalText. */
export function optionalText(value: string | null | undefined, what: string, max: number): string | null {
  if (!value || !value.trim()) return null
  const n = length(value.trim())
  return n > max ? `${what}不能超过 ${max} 个字，填写的是 ${n} 个字` : null
}

/** The stripped text, or null when blank (what the server stores). */
export function stripped(value: string | null | undefined): string | null {
  return value && value.trim() ? value.trim() : null
}

/** MobileNumber: 11 digits starting 13–19; dashes, spaces and +86 are allowed and dropped. Null when it cannot be. */
export function normalizeMobile(value: string | null | undefined): string | null {
  if (!value) return null
  let digits = value.replace(/[-\s\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, '')
  if (digits.startsWith('+86')) digits = digits.substring(3)
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.substring(2)
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}

/** The server's message for a mobile number it would refuse, or null. */
export function mobileProblem(value: string | null | undefined): string | null {
  if (!value || !value.trim()) return '请填写手机号'
  let digits = value.replace(/[-\s\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, '')
  if (digits.startsWith('+86')) digits = digits.substring(3)
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.substring(2)
  if (!/^[0-9]*$/.test(digits)) return `手机号只能由数字组成（仅支持中国大陆手机号），填写的是“${value.trim()}”`
  if (digits.length !== 11) return `手机号应为 11 位，填写的是 ${digits.length} 位`
  if (!/^1[3-9]/.test(digits)) return `手机号应以 13–19 开头，填写的是“${digits}”`
  return null
}

/**
 * A business date of a case: required, not after today (China time), not before the case was identified
 * (DropoutCase.occurred). Dates are 'YYYY-MM-DD' strings, so they compare as text.
 */
export function caseDate(value: string | null | undefined, what: string, identifiedOn?: string | null): string | null {
  if (!value) return '请填写' + what
  const now = today()
  if (value > now) return `${what}不能晚于今天（${now}）`
  if (identifiedOn && value < identifiedOn) return `${what}（${value}）不能早于案件发现日期（${identifiedOn}）`
  return null
}

/** A date that only must not lie in the future (e.g. the date on a piece of evidence). */
export function pastDate(value: string | null | undefined, what: string): string | null {
  if (!value) return '请填写' + what
  const now = today()
  return value > now ? `${what}不能晚于今天（${now}）` : null
}

/**
 * For el-date-picker's disabled-date of a business date of the case: days after today or before the case was
 * identified cannot be picked (caseDate says the same in words).
 */
export function outsideCase(identifiedOn: string | null | undefined): (date: Date) => boolean {
  return (date) => {
    const day = ymd(date)
    return day > today() || (!!identifiedOn && day < identifiedOn)
  }
}

/** For el-date-picker's disabled-date: days after today cannot be picked. */
export function afterToday(date: Date): boolean {
  return ymd(date) > today()
}

/** A calendar day of the date picker (local midnight) as 'YYYY-MM-DD'. */
export function ymd(date: Date): string {
  return date.getFullYear() + '-' + String(date.getMonth() + 1).padStart(2, '0') + '-'
    + String(date.getDate()).padStart(2, '0')
}
