import type { TimelineEntry } from '../../api/cases'
import { formatDate } from '../../format'

// The case's events in plain Chinese: one sentence per event from its (masked) fields. The enums arrive as codes in
// the timeline's data, so their labels are here (shared-kernel's labels, in declaration order).

const ROLE: Record<string, string> = { VILLAGE: '村', SCHOOL: '学校', TOWN: '乡镇', COUNTY: '县教育局', ADMIN: '系统管理员' }
const CHANNEL: Record<string, string> = { web: '网页', mobile: '手机', import: '批量导入', api: '接口' }
const TRIO: Record<string, string> = { TEACHER: '教师', VILLAGE_CADRE: '村干部', GUARDIAN: '家长' }
const METHOD: Record<string, string> = { HOME_VISIT: '入户走访', PHONE: '电话', VIDEO: '视频', SCHOOL_INTERVIEW: '到校约谈', OTHER: '其他方式' }
const OUTCOME: Record<string, string> = {
  AGREED_TO_RETURN: '同意返校', REFUSED_TO_RETURN: '拒绝返校', UNDECIDED: '犹豫/需再次劝返', NOBODY_HOME: '家中无人',
  UNREACHABLE: '无法联系', AWAY_FROM_HOME: '已外出', OTHER: '其他',
}
const SOURCE: Record<string, string> = {
  TERM_START_CHECK: '开学排查', PLATFORM_COMPARISON: '平台比对下发', ABSENCE_REPORT: '缺勤上报', VILLAGE_SURVEY: '村级摸排',
  OTHER: '其他途径',
}
const STATUS: Record<string, string> = {
  IDENTIFIED: '待核实', PENDING_RECHECK: '待复查', CONFIRMED_DROPOUT: '已确认辍学', PERSUADING: '劝返中',
  HOME_TEACHING: '送教上门', RETURNED: '已返校观察中', CLOSED: '已结案',
}
const RECHECK: Record<string, string> = { MISSING_OR_UNREACHABLE: '失踪失联', PERSON_NOT_FOUND: '查无此人' }
const AUTHORITY: Record<string, string> = {
  JUSTICE_OFFICE: '司法所', POLICE_STATION: '派出所', COURT: '人民法院', PROCURATORATE: '人民检察院', OTHER: '其他机关',
}
const LAWSUIT: Record<string, string> = { MEDIATED: '调解', JUDGED: '判决', WITHDRAWN: '撤诉' }
const SERVICE: Record<string, string> = { IN_PERSON: '直接送达', LEFT_AT_RESIDENCE: '留置送达', BY_POST: '邮寄送达', BY_PUBLIC_NOTICE: '公告送达' }
const DISABILITY: Record<string, string> = {
  VISUAL: '视力残疾', HEARING: '听力残疾', SPEECH: '言语残疾', PHYSICAL: '肢体残疾', INTELLECTUAL: '智力残疾',
  MENTAL: '精神残疾', MULTIPLE: '多重残疾', AUTISM: '孤独症',
}
const LEVEL: Record<string, string> = { LEVEL_1: '一级', LEVEL_2: '二级', LEVEL_3: '三级', LEVEL_4: '四级' }
const TRANSFER: Record<string, string> = { HOUSEHOLD_MOVED: '户籍迁移', ENROLMENT_TRANSFERRED: '学籍转移' }
const CLOSING: Record<string, string> = {
  ENROLLED_LOCALLY: '已在校就读（本地）', ENROLLED_IN_PROVINCE: '省内就读', ENROLLED_OUT_OF_PROVINCE: '省外就读',
  NOMINAL_HOUSEHOLD_REGISTRATION: '空挂户', DUAL_HOUSEHOLD_REGISTRATION: '双重户籍', WRONG_IDENTITY_DATA: '身份证号或姓名错误',
  DECEASED: '死亡', ABROAD: '出国出境', OVER_AGE: '超龄', DEFERRAL_OR_SUSPENSION_APPROVED: '延缓入学/休学已批准',
  RETURNED_AND_CROSSED_OFF: '劝返复学销号', MOVED_TO_REGULAR_CLASS: '转随班就读', MOVED_TO_SPECIAL_SCHOOL: '转特殊教育学校',
  OTHER: '其他',
}

function label(map: Record<string, string>, code: unknown): string {
  return typeof code === 'string' ? (map[code] ?? code) : ''
}

/** '2026-03-22 ' before a sentence, when the event has that business date. */
function onDay(date: unknown): string {
  return typeof date === 'string' && date ? `${formatDate(date)} ` : ''
}

function join(parts: (string | null | undefined | false)[]): string {
  return parts.filter((p) => p).join('；')
}

/** Who recorded the entry: the account, its role and its unit's name. */
export function who(entry: TimelineEntry): string {
  const actor = entry.actor
  if (!actor) return '（未记录操作人）'
  const unit = actor.unit ? (entry.names[actor.unit] ?? actor.unit) : ''
  return [actor.id, [label(ROLE, actor.role), unit].filter((s) => s).join(' · ')].filter((s) => s).join('（') +
    (actor.role || unit ? '）' : '')
}

export function channelOf(entry: TimelineEntry): string {
  return entry.channel ? (CHANNEL[entry.channel] ?? entry.channel) : '—'
}

/** What happened, in one or two plain sentences. */
export function describe(entry: TimelineEntry): string {
  const d = entry.data ?? {}
  const name = (code: unknown) => (typeof code === 'string' ? (entry.names[code] ?? code) : '')
  switch (entry.type) {
    case 'CaseIdentified':
      return join([`${formatDate(d.identifiedOn)} 经${label(SOURCE, d.source)}发现疑似辍学`,
        d.lastSchool && `原就读 ${d.lastSchool.schoolName ?? ''}`,
        d.household && `户籍 ${name(d.household.village)}`])
    case 'CaseReportedAgain':
      return join([`${formatDate(d.reportedOn)} 再次列入${label(SOURCE, d.source)}名单（已有在办案件，未重复登记）`,
        d.batch && `下发批次：${d.batch}`])
    case 'DropoutConfirmed':
      return join([`${formatDate(d.confirmedOn)} 核实确认辍学`, d.note])
    case 'CaseRecheckScheduled':
      return join([`${formatDate(d.checkedOn)} 核实为${label(RECHECK, d.reason)}，列入待复查`,
        d.recheckDueBy && `须于 ${formatDate(d.recheckDueBy)} 前复查`, d.note])
    case 'CaseVerifiedNotDropout':
      return join([`${formatDate(d.verifiedOn)} 核实为非辍学（${label(CLOSING, d.category)}），结案`, d.note])
    case 'TrioAssigned':
      return `${onDay(d.assignedOn)}落实“三帮一”：教师 ${d.teacher?.name ?? ''}、村干部 ${d.villageCadre?.name ?? ''}、家长 ${d.guardian?.name ?? ''}`
    case 'TrioMemberReplaced':
      return join([`${onDay(d.replacedOn)}更换${label(TRIO, d.role)}：${d.previousMember?.name ?? ''} → ${d.newMember?.name ?? ''}`, d.reason])
    case 'VisitLogged':
      return join([`${formatDate(d.visitedOn)} 第 ${d.visitNumber ?? ''} 次走访（${label(METHOD, d.method)}），结果：${label(OUTCOME, d.outcome)}`,
        Array.isArray(d.trioParticipants) && `参加：${d.trioParticipants.map((r: string) => label(TRIO, r)).join('、')}`,
        d.notes, d.nextVisitPlannedOn && `计划下次走访 ${formatDate(d.nextVisitPlannedOn)}`])
    case 'CriticismEducationRecorded':
      return join([`${formatDate(d.criticisedOn)} ${d.issuedBy ?? ''}对监护人批评教育`, d.note])
    case 'CorrectionOrderIssued':
      return `${formatDate(d.issuedOn)} ${d.issuedBy ?? ''}下达责令限期改正通知书（${d.orderNumber ?? ''}），限 ${formatDate(d.deadline)} 前改正`
    case 'LegalDocumentServed':
      return `${formatDate(d.servedOn)} 文书 ${d.documentReference ?? ''} ${label(SERVICE, d.serviceMethod)}给 ${d.servedTo ?? ''}`
    case 'JudicialInterventionRecorded':
      return join([`${formatDate(d.intervenedOn)} ${d.authorityName ?? label(AUTHORITY, d.authority)}介入`, d.note])
    case 'LawsuitFiled':
      return `${formatDate(d.filedOn)} 向 ${d.court ?? ''} 起诉（${d.caseNumber ?? ''}）`
    case 'LawsuitConcluded':
      return join([`${formatDate(d.decidedOn)} 诉讼审结：${label(LAWSUIT, d.outcome)}`, d.note])
    case 'StudentReturnedToSchool':
      return join([`${formatDate(d.returnedOn)} 返回 ${d.schoolName ?? name(d.schoolCode)} ${d.className ?? ''}就读`,
        d.watchPeriodEndsOn && `观察期至 ${formatDate(d.watchPeriodEndsOn)}`])
    case 'CaseCrossedOff':
      return join([`${formatDate(d.crossedOffOn)} 观察期满，销号`, d.note])
    case 'RelapseRecorded':
      return join([`${formatDate(d.droppedOutAgainOn)} 再次辍学（第 ${d.episode ?? ''} 次辍学），案件转为${label(STATUS, d.resumedStatus)}`, d.note])
    case 'DisabilityRecorded':
      return `${onDay(d.verifiedOn)}核实残疾情况：${label(DISABILITY, d.category)} ${label(LEVEL, d.level)}`
    case 'HomeTeachingArranged':
      return `安排送教上门：自 ${formatDate(d.startsOn)} 起每周 ${d.requiredSessionsPerWeek ?? ''} 次、每次 ${d.periodsPerSession ?? ''} 课时，送教教师 ${(d.teachers ?? []).join('、')}`
    case 'HomeTeachingSessionDelivered':
      return join([`${formatDate(d.deliveredOn)} 送教 ${d.periods ?? ''} 课时（${(d.teachers ?? []).join('、')}）`, d.content])
    case 'CaseClosed':
      return join([`${formatDate(d.closedOn)} 以“${label(CLOSING, d.category)}”结案`, d.note])
    case 'CaseReopened':
      return join([`${formatDate(d.reopenedOn)} 重新开案，案件转为${label(STATUS, d.resumedStatus)}`, d.reason])
    case 'CaseTransferred':
      return join([`${formatDate(d.transferredOn)} ${label(TRANSFER, d.kind)}：${name(d.fromVillage)} → ${name(d.toHousehold?.village)}`,
        d.toSchool && `转入 ${d.toSchool.schoolName ?? ''}`, d.note])
    case 'PersonalDataErased':
      return join(['学生个人信息已删除（密钥已销毁）', d.reason])
    case 'StepDateCorrected':
      return join([`更正第 ${d.correctedSequence} 条记录的日期：${formatDate(d.previousDate)} → ${formatDate(d.correctedDate)}`,
        d.reason && `原因：${d.reason}`])
    default:
      return entry.label
  }
}

/** '（日期已更正为 2026-10-15，见第 9 条）' for a step whose date was corrected later; '' otherwise. */
export function correctionNote(entry: TimelineEntry): string {
  const c = entry.correctedDate
  return c ? `（日期已更正为 ${formatDate(c.date)}，见第 ${c.bySequence} 条）` : ''
}

/** The entry types shown in the page's 劝返走访 and 法律程序 sections. */
export const VISIT_TYPES = ['VisitLogged']
export const LEGAL_TYPES = ['CriticismEducationRecorded', 'CorrectionOrderIssued', 'LegalDocumentServed',
  'JudicialInterventionRecorded', 'LawsuitFiled', 'LawsuitConcluded']
export const SESSION_TYPES = ['HomeTeachingSessionDelivered']

export { METHOD as visitMethodLabels, OUTCOME as visitOutcomeLabels, TRIO as trioRoleLabels }
