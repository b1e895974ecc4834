import { checkIdNumber, compulsoryAgeProblem } from '../../validation/idNumber'
import { NOTE_MAX, TEXT_MAX, maxLength, notFuture, required, type Problems } from './rules'

// The IdentifyCase command and the rules the server applies on opening a case (kernel IdentifyCase, StudentIdentity,
// HouseholdLocation, LastSchool, SuspectedReasons, PriorityCategoryEntry; DropoutCase's constructor), as one check.

export interface PriorityEntryForm {
  category: string
  since: string | null
  sourceRegister: string
}

export interface IdentifyForm {
  source: string | null
  sourceNote: string
  identifiedOn: string | null
  name: string
  idNumber: string
  studentNumber: string
  sex: string | null
  birthDate: string | null
  village: string | null
  address: string
  neverEnrolled: boolean
  schoolName: string
  schoolCode: string
  grade: string | null
  priorityCategories: PriorityEntryForm[]
  primaryReason: string | null
  otherReasons: string[]
  reasonNote: string
}

const NAME_DOT = '·'
const DOT_VARIANTS = /[•・･.．‧∙⋅]/g

/** The student's name as the server normalises it: single spaces, look-alike dots made the middle dot. */
export function normaliseName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').replace(DOT_VARIANTS, NAME_DOT)
}

/** StudentIdentity's name rules; '' when the name is acceptable. */
export function nameProblem(raw: string): string {
  const name = normaliseName(raw)
  if (!name) return '请填写学生姓名'
  if (/\p{Nd}/u.test(name)) return `姓名中不能有数字，填写的是“${name}”`
  if (!/^[\p{L}· 〇]+$/u.test(name) || name.startsWith(NAME_DOT) || name.endsWith(NAME_DOT) || name.includes('··')) {
    return `姓名只能包含文字，少数民族姓名可用间隔号“·”分隔，填写的是“${name}”`
  }
  const n = [...name].length
  if (n < 2 || n > 30) return `姓名应为 2–30 个字，填写的是 ${n} 个字`
  return ''
}

/** Every problem the server would answer, keyed by the server's field path; empty when the form may be sent. */
export function identifyProblems(form: IdentifyForm, today: string): Problems {
  const p: Problems = {}
  required(p, 'source', form.source, '发现渠道')
  if (form.source === 'OTHER') required(p, 'sourceNote', form.sourceNote, '其他发现渠道的说明')
  maxLength(p, 'sourceNote', form.sourceNote, TEXT_MAX, '发现渠道说明')
  required(p, 'identifiedOn', form.identifiedOn, '发现日期')
  notFuture(p, 'identifiedOn', form.identifiedOn, today, '发现日期')

  const name = nameProblem(form.name)
  if (name) p['student.name'] = name
  const id = form.idNumber.trim()
  let birthDate: string | null = null
  if (id) {
    const reading = checkIdNumber(id, today)
    if (!reading.valid) p['student.idNumber'] = reading.message
    else birthDate = reading.birthDate ?? null
  } else if (!form.studentNumber.trim()) {
    p['student.idNumber'] = '身份证号和学籍号至少填写一项'
  } else {
    required(p, 'student.sex', form.sex, '性别（没有身份证号时）')
    birthDate = form.birthDate
  }
  if (birthDate && form.identifiedOn && !p.identifiedOn && form.identifiedOn >= birthDate) {
    const age = compulsoryAgeProblem(birthDate, form.identifiedOn)
    if (age) p['student.birthDate'] = age
  }

  required(p, 'household.village', form.village, '所在的村（社区）')
  maxLength(p, 'household.address', form.address, 200, '详细地址')

  if (!form.neverEnrolled) {
    required(p, 'lastSchool.schoolName', form.schoolName, '学校名称')
    maxLength(p, 'lastSchool.schoolName', form.schoolName, TEXT_MAX, '学校名称')
    const code = form.schoolCode.trim()
    if (code && !/^\d{10}$/.test(code)) p['lastSchool.schoolCode'] = `学校标识码应为 10 位数字，填写的是“${code}”`
    required(p, 'lastSchool.grade', form.grade, '年级')
  }

  form.priorityCategories.forEach((entry, i) => {
    const at = `priorityCategories[${i}]`
    required(p, `${at}.since`, entry.since, '纳入该类别的日期')
    notFuture(p, `${at}.since`, entry.since, today, '纳入重点对象类别的日期')
    if (entry.category === 'OTHER') {
      required(p, `${at}.sourceRegister`, entry.sourceRegister, '其他重点对象类别的名称及来源名单')
    }
    maxLength(p, `${at}.sourceRegister`, entry.sourceRegister, TEXT_MAX, '来源名单')
  })

  required(p, 'suspectedReasons.primary', form.primaryReason, '主要辍学原因')
  maxLength(p, 'suspectedReasons.note', form.reasonNote, NOTE_MAX, '原因说明')
  if (!form.reasonNote.trim() && (form.primaryReason === 'OTHER' || form.otherReasons.includes('OTHER'))) {
    p['suspectedReasons.note'] = '辍学原因选择了“其他”，请在原因说明中写明具体原因'
  }
  return p
}

const blankToNull = (text: string) => (text.trim() ? text.trim() : null)

/** The IdentifyCase JSON (POST /api/cases); birth date and sex are left to the ID number when there is one. */
export function identifyBody(form: IdentifyForm) {
  const id = form.idNumber.trim().toUpperCase()
  return {
    source: form.source,
    sourceNote: blankToNull(form.sourceNote),
    identifiedOn: form.identifiedOn,
    student: {
      name: normaliseName(form.name),
      idNumber: id || null,
      studentNumber: blankToNull(form.studentNumber),
      sex: id ? null : form.sex,
      birthDate: id ? null : form.birthDate,
    },
    household: { village: form.village, address: blankToNull(form.address) },
    lastSchool: form.neverEnrolled ? null
      : { schoolName: form.schoolName.trim(), schoolCode: blankToNull(form.schoolCode), grade: form.grade },
    priorityCategories: form.priorityCategories.map((e) => ({
      category: e.category, since: e.since, sourceRegister: blankToNull(e.sourceRegister),
    })),
    suspectedReasons: {
      primary: form.primaryReason,
      others: form.otherReasons.filter((r) => r !== form.primaryReason),
      note: blankToNull(form.reasonNote),
    },
  }
}
