import { describe, expect, it } from 'vitest'
import { crossOffProblems, daysUntil, fieldOf, relapseProblems, returnProblems, sessionProblems, splitNames,
  watchPeriodOver } from './rules'
import { checkCharacter } from '../../validation/idNumber'
import { identifyBody, identifyProblems, nameProblem, type IdentifyForm } from './identifyRules'

const TODAY = '2026-12-06'

describe('return, relapse and cross-off dates', () => {
  const ok = { returnedOn: '2026-12-01', grade: 'GRADE_5', className: '', placement: 'REGULAR_CLASS' }

  it('accepts a return between identification and today', () => {
    expect(returnProblems(ok, TODAY, '2026-11-01')).toEqual({})
  })

  it('refuses a return in the future or before the case was identified, in the server words', () => {
    expect(returnProblems({ ...ok, returnedOn: '2026-12-07' }, TODAY, '2026-11-01').returnedOn)
      .toBe('返校日期不能晚于今天（2026-12-06）')
    expect(returnProblems({ ...ok, returnedOn: '2026-10-31' }, TODAY, '2026-11-01').returnedOn)
      .toBe('返校日期（2026-10-31）不能早于案件发现日期（2026-11-01）')
    expect(returnProblems({ ...ok, grade: null, placement: null }, TODAY, '2026-11-01'))
      .toEqual({ grade: '请填写就读年级', placement: '请填写安置方式' })
  })

  it('refuses a relapse before the return', () => {
    expect(relapseProblems({ droppedOutAgainOn: '2026-11-20', note: '' }, TODAY, '2026-10-01', '2026-11-25').droppedOutAgainOn)
      .toBe('再次辍学日期（2026-11-20）不能早于返校日期（2026-11-25）')
  })

  it('allows crossing off from the day the watch period ends', () => {
    expect(watchPeriodOver('2026-12-06', TODAY)).toBe(true)
    expect(watchPeriodOver('2026-12-07', TODAY)).toBe(false)
    expect(watchPeriodOver(null, TODAY)).toBe(false)
    expect(crossOffProblems({ crossedOffOn: '2026-12-05', note: '' }, TODAY, '2026-01-01', '2026-12-06', '2026-09-20').crossedOffOn)
      .toBe('返校观察期至 2026-12-06 届满（2026-09-20 返校），届满之日起才能销号')
    expect(crossOffProblems({ crossedOffOn: '2026-12-06', note: '' }, TODAY, '2026-01-01', '2026-12-06')).toEqual({})
    expect(daysUntil('2027-03-15', TODAY)).toBe(99)
  })
})

describe('home-teaching session', () => {
  it('needs a teacher, 1–8 periods and content, not before the arrangement', () => {
    expect(splitNames('王芳、 李强,张伟')).toEqual(['王芳', '李强', '张伟'])
    const problems = sessionProblems({ deliveredOn: '2026-11-01', teachers: ' ', periods: 9, content: '' }, TODAY, '2026-11-10')
    expect(problems).toEqual({
      deliveredOn: '送教日期（2026-11-01）不能早于送教开始日期（2026-11-10）',
      teachers: '请填写送教教师',
      periods: '本次送教课时应在 1–8 之间，填写的是 9',
      content: '请填写送教内容',
    })
  })
})

describe('server fields to form fields', () => {
  it('maps list entries and nested fields to the form item showing them', () => {
    expect(fieldOf('student.idNumber', ['student.idNumber'])).toBe('student.idNumber')
    expect(fieldOf('teachers[1]', ['teachers'])).toBe('teachers')
    expect(fieldOf('student.birthDate.x', ['student.birthDate'])).toBe('student.birthDate')
    expect(fieldOf('caseId', ['returnedOn'])).toBeNull()
    expect(fieldOf(null, ['returnedOn'])).toBeNull()
  })
})

describe('identification form', () => {
  const form = (): IdentifyForm => ({
    source: 'ABSENCE_REPORT', sourceNote: '', identifiedOn: TODAY, name: '张 三', idNumber: '439921201203150018',
    studentNumber: '', sex: null, birthDate: null, village: '439921100201', address: '', neverEnrolled: false,
    schoolName: '清溪镇中心小学', schoolCode: '2199211000', grade: 'GRADE_6', priorityCategories: [],
    primaryReason: 'POVERTY', otherReasons: ['POVERTY', 'ILLNESS'], reasonNote: '',
  })

  it('accepts a complete form and builds the IdentifyCase body', () => {
    expect(identifyProblems(form(), TODAY)).toEqual({})
    const body = identifyBody(form())
    expect(body.student).toEqual({ name: '张 三', idNumber: '439921201203150018', studentNumber: null, sex: null, birthDate: null })
    expect(body.suspectedReasons.others).toEqual(['ILLNESS'])
    expect(body.lastSchool).toEqual({ schoolName: '清溪镇中心小学', schoolCode: '2199211000', grade: 'GRADE_6' })
  })

  it('puts each problem under the field the server would name', () => {
    const problems = identifyProblems({
      ...form(), idNumber: '439921201203150011', name: '张3', primaryReason: 'OTHER', identifiedOn: '2026-12-07',
      priorityCategories: [{ category: 'OTHER', since: null, sourceRegister: '' }],
    }, TODAY)
    expect(problems['student.idNumber']).toContain('校验位错误，应为 8')
    expect(problems['student.name']).toBe('姓名中不能有数字，填写的是“张3”')
    expect(problems.identifiedOn).toBe('发现日期不能晚于今天（2026-12-06）')
    expect(problems['priorityCategories[0].since']).toBe('请填写纳入该类别的日期')
    expect(problems['priorityCategories[0].sourceRegister']).toBe('请填写其他重点对象类别的名称及来源名单')
    expect(problems['suspectedReasons.note']).toBe('辍学原因选择了“其他”，请在原因说明中写明具体原因')
  })

  it('needs an ID number or a student number, and then the sex', () => {
    expect(identifyProblems({ ...form(), idNumber: '' }, TODAY)['student.idNumber']).toBe('身份证号和学籍号至少填写一项')
    expect(identifyProblems({ ...form(), idNumber: '', studentNumber: 'L1234' }, TODAY)['student.sex']).toBeDefined()
  })

  it('refuses a child too old for compulsory education on the identification date', () => {
    const seventeen = '43992120090315001' + checkCharacter('43992120090315001')
    expect(identifyProblems({ ...form(), idNumber: seventeen }, TODAY)['student.birthDate'])
      .toBe('该学生识别时 17 周岁，不在义务教育年龄范围（6–16 周岁）内')
    expect(identifyProblems({ ...form(), idNumber: seventeen, identifiedOn: '2025-12-06' }, TODAY)['student.birthDate'])
      .toBeUndefined()
    expect(nameProblem('阿卜杜拉•艾力')).toBe('')
    expect(nameProblem('·艾力')).toContain('间隔号')
  })
})
