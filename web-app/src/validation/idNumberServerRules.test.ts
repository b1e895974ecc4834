import { describe, expect, it } from 'vitest'
import { checkCharacter, checkIdNumber, compulsoryAgeProblem, fullYears } from './idNumber'

// checkIdNumber answers what the server's IdNumber answers (shared-kernel student/IdNumberRules), word for word.
const fictional = (first17: string) => first17 + checkCharacter(first17)
const TODAY = '2026-12-06'

describe('checkIdNumber', () => {
  it('derives birth date, sex and the age on the given day', () => {
    expect(checkIdNumber(fictional('43992120120315001'), TODAY)).toEqual(
      { valid: true, message: '', birthDate: '2012-03-15', sex: '男', age: 14 })
    expect(checkIdNumber(fictional('43992120120315002'), TODAY).sex).toBe('女')
    expect(checkIdNumber(fictional('43992120120315001'), TODAY, '2026-03-14').age).toBe(13)
    expect(checkIdNumber(fictional('43992120120315001'), TODAY, '2026-03-15').age).toBe(14)
  })

  it('names the right check character with the server message', () => {
    const valid = fictional('43992120120315001')
    const wrong = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1')
    const reading = checkIdNumber(wrong, TODAY)
    expect(reading.valid).toBe(false)
    expect(reading.message).toBe(`身份证号校验位错误，应为 ${valid[17]}，请核对后重新填写（也可能是前面某一位数字填错了）`)
  })

  it('matches the live server on a known wrong number', () => {
    // POST /api/cases with 439921201203150011 answered: 校验位错误，应为 8
    expect(checkIdNumber('439921201203150011', TODAY).message).toContain('应为 8')
  })

  it('refuses the old 15-digit format, a wrong length and letters in place', () => {
    expect(checkIdNumber('439921120315001', TODAY).message).toBe('这是 15 位的旧版身份证号，已停止使用，请填写 18 位的第二代身份证号')
    expect(checkIdNumber('43992120120315001', TODAY).message).toBe('身份证号应为 18 位，填写的是 17 位，请核对')
    expect(checkIdNumber('4399212012031A0011', TODAY).message).toBe('身份证号第 14 位应为数字，填写的是“A”')
    expect(checkIdNumber('43992120120315001Y', TODAY).message).toBe('身份证号最后一位只能是数字或 X，填写的是“Y”')
  })

  it('refuses an unknown province, an impossible date, a date before 1900 and one after today', () => {
    expect(checkIdNumber(fictional('99992120120315001'), TODAY).message).toContain('省级代码“99”不存在')
    expect(checkIdNumber(fictional('43992120120230001'), TODAY).message).toBe('身份证号第 7–14 位的出生日期“20120230”不是真实的日期，请核对')
    expect(checkIdNumber(fictional('43992118991231001'), TODAY).message).toContain('早于 1900-01-01')
    expect(checkIdNumber(fictional('43992120261207001'), TODAY).message).toBe('身份证号中的出生日期（2026-12-07）晚于今天（2026-12-06），请核对')
  })

  it('takes a lower-case x and surrounding blanks like the server', () => {
    let first17 = ''
    for (let n = 0; n < 1000; n++) {
      first17 = '43992120120315' + String(n).padStart(3, '0')
      if (checkCharacter(first17) === 'X') break
    }
    expect(checkIdNumber(` ${first17}x `, TODAY).valid).toBe(true)
  })
})

describe('ages', () => {
  it('counts full years, the birthday itself included', () => {
    expect(fullYears('2012-12-06', '2026-12-06')).toBe(14)
    expect(fullYears('2012-12-07', '2026-12-06')).toBe(13)
    expect(fullYears('2012-02-29', '2026-02-28')).toBe(13)
  })

  it('refuses a child outside the compulsory-education age on the identification date', () => {
    expect(compulsoryAgeProblem('2012-03-15', '2026-12-06')).toBe('')
    expect(compulsoryAgeProblem('2009-03-15', '2026-12-06')).toBe('该学生识别时 17 周岁，不在义务教育年龄范围（6–16 周岁）内')
    expect(compulsoryAgeProblem('2021-03-15', '2026-12-06')).toContain('5 周岁')
  })
})
