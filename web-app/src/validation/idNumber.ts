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
