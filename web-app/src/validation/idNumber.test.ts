import { describe, expect, it } from 'vitest'
import { checkCharacter, readIdNumber } from './idNumber'

// Fictional numbers of the demo county 439921 (no such county exists), check characters computed by GB 11643.
function fictional(first17: string) {
  return first17 + checkCharacter(first17)
}

describe('readIdNumber', () => {
  const onDay = new Date(2026, 11, 6)

  it('reads birth date, sex and age from a valid number', () => {
    const reading = readIdNumber(fictional('43992120120315001'), onDay)
    expect(reading).toEqual({ valid: true, message: '', birthDate: '2012-03-15', sex: '男', age: 14 })
    expect(readIdNumber(fictional('43992120140101002'), onDay).sex).toBe('女')
  })

  it('counts the age in whole years, the birthday itself included', () => {
    expect(readIdNumber(fictional('43992120121206001'), onDay).age).toBe(14)
    expect(readIdNumber(fictional('43992120121207001'), onDay).age).toBe(13)
  })

  it('names the check character the number should end with', () => {
    const valid = fictional('43992120120315001')
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0')
    const reading = readIdNumber(wrong, onDay)
    expect(reading.valid).toBe(false)
    expect(reading.message).toContain(`应为 ${valid[17]}`)
  })

  it('refuses a wrong length, letters and an impossible birth date, in Chinese', () => {
    expect(readIdNumber('4399212012031500', onDay).message).toContain('填写的是 16 位')
    expect(readIdNumber('43992120120315001A', onDay).valid).toBe(false)
    expect(readIdNumber(fictional('43992120120230001'), onDay).message).toContain('20120230 不是有效日期')
    expect(readIdNumber('', onDay).message).toBe('请填写身份证号')
  })

  it('accepts a lower-case x as the check character', () => {
    let first17 = ''
    for (let n = 1; n < 1000; n++) {
      first17 = '439921201203150' + String(n).padStart(2, '0').slice(-2)
      if (checkCharacter(first17) === 'X') break
    }
    expect(readIdNumber(first17 + 'x', onDay).valid).toBe(true)
  })
})
