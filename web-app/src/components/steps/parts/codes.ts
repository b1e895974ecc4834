// The choices of the step forms, with the labels of the server's enums (shared-kernel), in their declaration order.
// The server has no dictionary endpoint; if an enum gains a value, add it here too.

export interface Choice {
  code: string
  label: string
}

/** ClosingCategory values whose route is SPECIAL_SITUATION: the only ones allowed as a verification outcome. */
export const notDropoutCategories: Choice[] = [
  { code: 'ENROLLED_LOCALLY', label: '已在校就读（本地）' },
  { code: 'ENROLLED_IN_PROVINCE', label: '省内就读' },
  { code: 'ENROLLED_OUT_OF_PROVINCE', label: '省外就读' },
  { code: 'NOMINAL_HOUSEHOLD_REGISTRATION', label: '信息错误/户籍问题：空挂户' },
  { code: 'DUAL_HOUSEHOLD_REGISTRATION', label: '信息错误/户籍问题：双重户籍' },
  { code: 'WRONG_IDENTITY_DATA', label: '信息错误/户籍问题：身份证号或姓名错误' },
  { code: 'DECEASED', label: '死亡' },
  { code: 'ABROAD', label: '出国出境' },
  { code: 'OVER_AGE', label: '超龄' },
  { code: 'DEFERRAL_OR_SUSPENSION_APPROVED', label: '延缓入学/休学已批准' },
  { code: 'OTHER', label: '其他' },
]

export const evidenceKinds: Choice[] = [
  { code: 'POLICE_CERTIFICATE', label: '派出所证明' },
  { code: 'COMMUNITY_CERTIFICATE', label: '社区/村委证明' },
  { code: 'ENROLMENT_CERTIFICATE', label: '学籍证明' },
  { code: 'MEDICAL_OR_DISABILITY_CERTIFICATE', label: '医院诊断/残疾证' },
  { code: 'EXIT_ENTRY_RECORD', label: '出入境记录' },
  { code: 'DEATH_CERTIFICATE', label: '死亡证明' },
  { code: 'APPROVAL_DOCUMENT', label: '审批文件' },
  { code: 'INVESTIGATION_RECORD', label: '调查笔录' },
  { code: 'PHOTO_OR_VIDEO', label: '照片/影像' },
  { code: 'OTHER', label: '其他' },
]

export const recheckReasons: Choice[] = [
  { code: 'MISSING_OR_UNREACHABLE', label: '失踪失联' },
  { code: 'PERSON_NOT_FOUND', label: '查无此人' },
]

export const trioRoles: Choice[] = [
  { code: 'TEACHER', label: '教师' },
  { code: 'VILLAGE_CADRE', label: '村干部' },
  { code: 'GUARDIAN', label: '家长（监护人）' },
]

/** VisitMethod. */
export const visitMethods: Choice[] = [
  { code: 'HOME_VISIT', label: '入户走访' },
  { code: 'PHONE', label: '电话' },
  { code: 'VIDEO', label: '视频' },
  { code: 'SCHOOL_INTERVIEW', label: '到校约谈' },
  { code: 'OTHER', label: '其他' },
]

/** VisitOutcome. */
export const visitOutcomes: Choice[] = [
  { code: 'AGREED_TO_RETURN', label: '同意返校' },
  { code: 'REFUSED_TO_RETURN', label: '拒绝返校' },
  { code: 'UNDECIDED', label: '犹豫/需再次劝返' },
  { code: 'NOBODY_HOME', label: '家中无人' },
  { code: 'UNREACHABLE', label: '无法联系' },
  { code: 'AWAY_FROM_HOME', label: '已外出' },
  { code: 'OTHER', label: '其他' },
]

/** Names typed in one field, separated by 、，, ； or new lines (other participants of a visit). */
export function splitList(text: string): string[] {
  return text.split(/[、，,；;\n]/).map((s) => s.trim()).filter((s) => s)
}

export const serviceMethods: Choice[] = [
  { code: 'IN_PERSON', label: '直接送达' },
  { code: 'LEFT_AT_RESIDENCE', label: '留置送达' },
  { code: 'BY_POST', label: '邮寄送达' },
  { code: 'BY_PUBLIC_NOTICE', label: '公告送达' },
]

export const judicialAuthorities: Choice[] = [
  { code: 'JUSTICE_OFFICE', label: '司法所' },
  { code: 'POLICE_STATION', label: '派出所' },
  { code: 'COURT', label: '人民法院' },
  { code: 'PROCURATORATE', label: '人民检察院' },
  { code: 'OTHER', label: '其他' },
]

export const lawsuitOutcomes: Choice[] = [
  { code: 'MEDIATED', label: '调解' },
  { code: 'JUDGED', label: '判决' },
  { code: 'WITHDRAWN', label: '撤诉' },
]

/** LegalStep codes in ladder order (批评教育 → 责令限期改正 → 文书送达 → 司法介入 → 依法起诉 → 审结). */
export const legalLadder = ['NONE', 'CRITICISED', 'ORDER_ISSUED', 'DOCUMENTS_SERVED', 'JUDICIAL_INTERVENTION', 'SUED',
  'CONCLUDED'] as const

/** How far the case's legal ladder has got (index in {@link legalLadder}); 0 when unknown. */
export function ladderIndex(code: string | null | undefined): number {
  const i = legalLadder.indexOf((code ?? 'NONE') as (typeof legalLadder)[number])
  return i < 0 ? 0 : i
}
