import type { Coded } from '../../api/http'

// The enumerations the school forms choose from, as the kernel declares them (code and Chinese label). The server
// sends labels with every read, but a form needs the whole list before anything is read.

const coded = (pairs: [string, string][]): Coded[] => pairs.map(([code, label]) => ({ code, label }))

export const grades = coded([
  ['GRADE_1', '一年级'], ['GRADE_2', '二年级'], ['GRADE_3', '三年级'], ['GRADE_4', '四年级'], ['GRADE_5', '五年级'],
  ['GRADE_6', '六年级'], ['GRADE_7', '七年级'], ['GRADE_8', '八年级'], ['GRADE_9', '九年级'],
])

export const placements = coded([
  ['REGULAR_CLASS', '随班就读（普通班）'], ['SPECIAL_CLASS', '特殊教育班'], ['SPECIAL_SCHOOL', '特殊教育学校'],
  ['VOCATIONAL', '职业教育'],
])

export const identificationSources = coded([
  ['TERM_START_CHECK', '开学排查'], ['PLATFORM_COMPARISON', '平台比对下发'], ['ABSENCE_REPORT', '缺勤上报'],
  ['VILLAGE_SURVEY', '村级摸排'], ['OTHER', '其他'],
])

export const dropoutReasons = coded([
  ['LEARNING_DIFFICULTY', '学习困难/厌学'], ['POVERTY', '因贫'], ['ILLNESS', '因病'], ['DISABILITY', '因残'],
  ['MIGRANT_WORK', '外出务工'], ['EARLY_MARRIAGE', '早婚早育'], ['RELIGION', '宗教'],
  ['FAMILY_OR_GUARDIANSHIP', '家庭原因/监护缺失'], ['DISTANCE_OR_ACCESS', '上学远/上学难'], ['OTHER', '其他'],
])

export const priorityCategories = coded([
  ['LIFTED_OUT_OF_POVERTY', '脱贫户'], ['UNSTABLE_LIFTED_OUT_OF_POVERTY', '脱贫不稳定户'],
  ['MARGINAL_AT_RISK_OF_POVERTY', '边缘易致贫户'], ['SUDDEN_SEVERE_HARDSHIP', '突发严重困难户'],
  ['MINIMUM_LIVING_ALLOWANCE', '低保'], ['NEAR_MINIMUM_LIVING_ALLOWANCE', '低保边缘'],
  ['EXTREME_POVERTY_SUPPORT', '特困供养'], ['ORPHAN', '孤儿'], ['DE_FACTO_UNSUPPORTED_CHILD', '事实无人抚养儿童'],
  ['MARTYR_CHILD', '烈士子女'], ['DISABLED_CHILD', '残疾儿童'], ['CHILD_OF_DISABLED_PARENT', '残疾人子女'],
  ['LEFT_BEHIND_CHILD', '留守儿童'], ['CHILD_IN_DIFFICULTY', '困境儿童'], ['MIGRANT_CHILD', '随迁子女'], ['OTHER', '其他'],
])

export const sexes = coded([['MALE', '男'], ['FEMALE', '女']])

export const caseStatuses = coded([
  ['IDENTIFIED', '待核实'], ['PENDING_RECHECK', '待复查'], ['CONFIRMED_DROPOUT', '已确认辍学'], ['PERSUADING', '劝返中'],
  ['HOME_TEACHING', '送教上门'], ['RETURNED', '已返校观察中'],
])

export function labelOf(list: Coded[], code: string | null | undefined): string {
  return list.find((c) => c.code === code)?.label ?? code ?? ''
}
