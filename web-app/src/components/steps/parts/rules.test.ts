import { describe, expect, it } from 'vitest'
import { caseDate, mobileProblem, normalizeMobile, outsideCase, requiredText } from './rules'
import { sameHelperProblem } from './trio'
import { today } from '../../../format'

// The client checks say what the server would say (MobileNumber, Checks, DropoutCase's dates, Trio).
describe('step form rules', () => {
  it('accepts a mobile number the way the server normalises it', () => {
    expect(normalizeMobile('139 0000-1111')).toBe('13900001111')
    expect(normalizeMobile('+86 139 0000 1111')).toBe('13900001111')
    expect(normalizeMobile('8613900001111')).toBe('13900001111')
    expect(mobileProblem('13900001111')).toBeNull()
  })

  it('refuses a mobile number with the server message', () => {
    expect(mobileProblem('1390000')).toBe('手机号应为 11 位，填写的是 7 位')
    expect(mobileProblem('12900001111')).toBe('手机号应以 13–19 开头，填写的是“12900001111”')
    expect(mobileProblem('１３９00001111')).toContain('手机号只能由数字组成')
    expect(mobileProblem('  ')).toBe('请填写手机号')
  })

  it('counts characters as the server does and wants required text', () => {
    expect(requiredText(' ', '文书编号', 200)).toBe('请填写文书编号')
    expect(requiredText('𠀀'.repeat(50), '帮扶人姓名', 50)).toBeNull()
    expect(requiredText('张'.repeat(51), '帮扶人姓名', 50)).toBe('帮扶人姓名不能超过 50 个字，填写的是 51 个字')
  })

  it('keeps a case date between the identification date and today', () => {
    expect(caseDate(today(), '核实日期', '2026-01-01')).toBeNull()
    expect(caseDate('2999-01-01', '核实日期', null)).toBe(`核实日期不能晚于今天（${today()}）`)
    expect(caseDate('2000-01-01', '核实日期', '2001-05-06')).toBe('核实日期（2000-01-01）不能早于案件发现日期（2001-05-06）')
    expect(caseDate(null, '核实日期')).toBe('请填写核实日期')
  })

  it('offers only the days between the identification and today in a case date picker', () => {
    const picker = outsideCase('2026-03-10')
    expect(picker(new Date(2026, 2, 9))).toBe(true)
    expect(picker(new Date(2026, 2, 10))).toBe(false)
    expect(picker(new Date(2999, 0, 1))).toBe(true)
    expect(outsideCase(null)(new Date(2000, 0, 1))).toBe(false)
  })

  it('finds two helpers who are one person, by phone or by name and unit', () => {
    const teacher = { name: '林春华', unitOrRelation: '清溪镇中心小学 班主任', phone: '13900001111' }
    expect(sameHelperProblem(teacher, 'TEACHER', { name: '王建国', unitOrRelation: '村委会', phone: '139-0000-1111' },
      'VILLAGE_CADRE')).toEqual({ onPhone: true, message: '“三帮一”须由教师、村干部、家长三个不同的人承担：村干部与教师填写了同一个手机号' })
    expect(sameHelperProblem(teacher, 'TEACHER', { ...teacher, phone: '13900002222' }, 'GUARDIAN')?.onPhone).toBe(false)
    expect(sameHelperProblem(teacher, 'TEACHER', { name: '林春华', unitOrRelation: '父亲', phone: '13900002222' },
      'GUARDIAN')).toBeNull()
  })
})
