import { formatDate, formatDateTime } from '../../format'

// Filing (报送) a monthly report and what changed since (query-service report/ReportController.java,
// ReportCorrections.java), and the monthly page's versions of a month.

/** The answer to a filing, and what every later read says about it. */
export interface Filing {
  countyCode: string
  month: string
  filedAt: string
  filedBy: string
  sha256: string
}

export interface FigureChange {
  figure: string
  label: string
  filed: number
  corrected: number
}

/** A step recorded after the filing that happened on or before the cut-off day. */
export interface LateEntry {
  sequence: number
  type: string
  label: string
  occurredOn: string
  recordedAt: string
  recordedByUnit: string | null
}

export interface CaseChange {
  caseId: string
  leftFigures: string[]
  joinedFigures: string[]
  entries: LateEntry[]
}

export interface ReportCorrections extends Filing {
  changed: boolean
  figures: FigureChange[]
  cases: CaseChange[]
}

/** The figures of casesBehind (CaseBucket, Overdue.Kind, *_IN_PERIOD) and their labels, as the server names them. */
export const figureLabels: Record<string, string> = {
  PENDING_VERIFICATION: '待核实',
  PENDING_RECHECK: '待复查',
  PERSUADING: '在劝',
  RETURNED_WATCHING: '已返校观察中',
  CROSSED_OFF: '已销号',
  HOME_TEACHING: '送教上门',
  HOME_TEACHING_ENDED: '送教上门结束',
  SPECIAL_SITUATION: '特殊情况',
  NO_TRIO: '超期未落实三帮一',
  NO_VISIT: '超期未走访',
  LEGAL_DEADLINE_PASSED: '限期改正已逾期',
  HOME_TEACHING_BEHIND: '送教上门次数不足',
  RECHECK_OVERDUE: '超期未复查',
  IDENTIFIED_IN_PERIOD: '本期新增',
  RETURNED_IN_PERIOD: '本期返校',
  CROSSED_OFF_IN_PERIOD: '本期销号',
}

/** The versions of a month's report the monthly page shows. */
export type MonthlyVersion = 'corrected' | 'filed' | 'cutoff'

export const versionNames: Record<MonthlyVersion, string> = {
  corrected: '更正后',
  filed: '已报送',
  cutoff: '截止时所掌握',
}

/** The version the URL asks for (?version=filed|cutoff; anything else is 更正后); 已报送 only once the month is filed. */
export function versionOf(asked: unknown, filed: boolean): MonthlyVersion {
  if (asked === 'filed') return filed ? 'filed' : 'corrected'
  if (asked === 'cutoff') return 'cutoff'
  return 'corrected'
}

/**
 * The line under the report's title that says which version is on screen and what it counts. `cutoff` is the cut-off
 * day (the report's period.to), `asOf` the moment the version was read or filed.
 */
export function versionLine(version: MonthlyVersion, cutoff: string, asOf: string, filing?: Filing | null): string {
  switch (version) {
    case 'filed':
      return `已报送版本：${formatDateTime(filing?.filedAt ?? asOf)} 报送时的定稿，为截止日 ${formatDate(cutoff)} 当天的情况`
        + '（按业务日期）；报送后补录、更正的记录不改变此版本。'
    case 'cutoff':
      return `截止时所掌握：截止日 ${formatDate(cutoff)} 24:00 时系统中已录入的记录所反映的情况；之后补录、更正的记录不计入。`
    default:
      return `更正后：截止日 ${formatDate(cutoff)} 当天的情况，按各环节实际发生日期统计，含截至 ${formatDateTime(asOf)} `
        + '录入的全部记录（事后补录、更正的记录计入其实际发生日）。'
  }
}

export interface CorrectionsView {
  changed: boolean
  summary: string
  figures: { figure: string; label: string; filed: number; corrected: number; delta: string }[]
  cases: {
    caseId: string
    name: string
    left: string[]
    joined: string[]
    entries: { key: string; label: string; occurredOn: string; recordedAt: string; unit: string }[]
  }[]
}

export interface CorrectionsNames {
  /** The student's name (and place) of a case, when known; else the case shows by its number. */
  caseName?: (caseId: string) => string | undefined
  /** The name of a unit code (the unit that recorded an entry), when known. */
  unitName?: (code: string) => string | undefined
}

/** The 更正情况 panel: figures filed → corrected, and each changed case with what it left or joined and why. */
export function correctionsView(c: ReportCorrections, names: CorrectionsNames = {}): CorrectionsView {
  const serverLabels = new Map(c.figures.map((f) => [f.figure, f.label]))
  const label = (figure: string) => serverLabels.get(figure) ?? figureLabels[figure] ?? figure
  const figures = c.figures.map((f) => {
    const d = f.corrected - f.filed
    return { ...f, label: label(f.figure), delta: d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0' }
  })
  const cases = c.cases.map((k) => ({
    caseId: k.caseId,
    name: names.caseName?.(k.caseId) ?? `案件 ${k.caseId.slice(0, 8)}`,
    left: k.leftFigures.map(label),
    joined: k.joinedFigures.map(label),
    entries: k.entries.map((e) => ({
      key: `${k.caseId}:${e.sequence}`,
      label: e.label,
      occurredOn: formatDate(e.occurredOn),
      recordedAt: formatDateTime(e.recordedAt),
      unit: e.recordedByUnit ? (names.unitName?.(e.recordedByUnit) ?? e.recordedByUnit) : '—',
    })),
  }))
  const summary = !c.changed
    ? '报送以来没有影响本月数字的补录或更正，更正后的月报与已报送版本一致。'
    : figures.length > 0
      ? `报送后补录、更正的记录改变了 ${figures.length} 个数字，涉及 ${cases.length} 个案件。`
      : `报送后补录、更正的记录使 ${cases.length} 个案件在各数字之间有进有出，各数字的合计不变。`
  return { changed: c.changed, summary, figures, cases }
}
