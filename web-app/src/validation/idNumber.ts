// 居民身份证号 (GB 11643-1999), checked as the server checks it, so that a clerk sees the mistake while typing:
// 18 characters, the check character over the first 17, a real birth date, and what the number says (sex, age).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARACTERS = '10X98765432'

export interface IdNumberReading {
  valid: boolean
  /** Why not, in Chinese; empty when valid. */
  message: string
  birthDate?: string
  sex?: '男' | '女'
  /** Whole years on {@code onDay}. */
  age?: number
}

export function checkCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARACTERS[sum % 11]
}

export function readIdNumber(input: string, onDay: Date = new Date()): IdNumberReading {
  const value = input.trim().toUpperCase()
  if (!value) return { valid: false, message: '请填写身份证号' }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { valid: false, message: `身份证号应为 18 位（前 17 位数字，最后一位数字或 X），填写的是 ${value.length} 位` }
  }
  const year = Number(value.slice(6, 10))
  const month = Number(value.slice(10, 12))
  const day = Number(value.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return { valid: false, message: `身份证号中的出生日期 ${value.slice(6, 14)} 不是有效日期` }
  }
  const expected = checkCharacter(value.slice(0, 17))
  if (value[17] !== expected) {
    return { valid: false, message: `身份证号校验位不正确（按前 17 位计算应为 ${expected}），请核对是否有输错的数字` }
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`
  const today = { y: onDay.getFullYear(), m: onDay.getMonth() + 1, d: onDay.getDate() }
  let age = today.y - year
  if (today.m < month || (today.m === month && today.d < day)) age--
  if (age < 0) return { valid: false, message: `身份证号中的出生日期 ${birthDate} 晚于今天` }
  return { valid: true, message: '', birthDate, sex: Number(value[16]) % 2 === 1 ? '男' : '女', age }
}

// ---- The server's own messages (shared-kernel student/IdNumber + IdNumberRules), checked in the same order, so the
// clerk reads before submitting exactly what the server would answer.

/** Province-level prefixes of GB/T 2260 the server accepts (kernel region/Provinces). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
])

/** Full years (周岁) from birth to {@code on} (both yyyy-MM-dd); the birthday itself counts as the new year. */
export function fullYears(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [y, m, d] = on.split('-').map(Number)
  let age = y - by
  if (m < bm || (m === bm && d < bd)) age--
  return age
}

/**
 * Reads an ID number as the server's IdNumber does: same rules, same order, same Chinese messages. {@code today} is
 * today in China (yyyy-MM-dd); the age is taken on {@code ageOn} (the identification date), default today.
 */
export function checkIdNumber(input: string, today: string, ageOn: string = today): IdNumberReading {
  const value = input.trim().toUpperCase()
  if (!value) return { valid: false, message: '请填写身份证号' }
  if (value.length === 15 && /^\d{15}$/.test(value)) {
    return { valid: false, message: '这是 15 位的旧版身份证号，已停止使用，请填写 18 位的第二代身份证号' }
  }
  if (value.length !== 18) return { valid: false, message: `身份证号应为 18 位，填写的是 ${value.length} 位，请核对` }
  for (let i = 0; i < 17; i++) {
    if (value[i] < '0' || value[i] > '9') {
      return { valid: false, message: `身份证号第 ${i + 1} 位应为数字，填写的是“${value[i]}”` }
    }
  }
  const last = value[17]
  if (!/[0-9X]/.test(last)) return { valid: false, message: `身份证号最后一位只能是数字或 X，填写的是“${last}”` }
  const province = value.slice(0, 2)
  if (!PROVINCE_PREFIXES.has(province)) {
    return { valid: false, message: `身份证号前 6 位地址码“${value.slice(0, 6)}”中的省级代码“${province}”不存在，请核对` }
  }
  const digits = value.slice(6, 14)
  const year = Number(digits.slice(0, 4))
  const month = Number(digits.slice(4, 6))
  const day = Number(digits.slice(6, 8))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return { valid: false, message: `身份证号第 7–14 位的出生日期“${digits}”不是真实的日期，请核对` }
  }
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`
  if (birthDate < '1900-01-01') return { valid: false, message: `身份证号中的出生日期（${birthDate}）早于 1900-01-01，请核对` }
  if (birthDate > today) {
    return { valid: false, message: `身份证号中的出生日期（${birthDate}）晚于今天（${today}），请核对` }
  }
  const expected = checkCharacter(value.slice(0, 17))
  if (last !== expected) {
    return { valid: false, message: `身份证号校验位错误，应为 ${expected}，请核对后重新填写（也可能是前面某一位数字填错了）` }
  }
  const sex = Number(value[16]) % 2 === 1 ? '男' : '女'
  const age = ageOn >= birthDate ? fullYears(birthDate, ageOn) : undefined
  return { valid: true, message: '', birthDate, sex, age }
}

/** The server's compulsory-age rule (default 6–16 周岁 on the identification date); '' when covered. */
export function compulsoryAgeProblem(birthDate: string, identifiedOn: string, minAge = 6, maxAge = 16): string {
  const age = fullYears(birthDate, identifiedOn)
  if (age >= minAge && age <= maxAge) return ''
  return `该学生识别时 ${age} 周岁，不在义务教育年龄范围（${minAge}–${maxAge} 周岁）内`
}
