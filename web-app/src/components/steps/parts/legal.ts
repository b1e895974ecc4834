import type { CaseSummary } from '../../../api/cases'
import { ladderIndex } from './codes'
import { session } from '../../../auth/session'

// The legal ladder's order (LegalLadder): each rung needs the one before, and all of them a case in 劝返中. What the
// ledger row tells is enough to say "not yet"; the finer rules (which order was served, whether its deadline has
// passed, a pending lawsuit) are the server's, and its answer shows at the field it names.

/** Why the step cannot be taken now, or '' when it may. {@code needs} is the rung that must have been reached. */
export function legalBlock(summary: CaseSummary, needs: number, missing: string): string {
  if (summary.status.code !== 'PERSUADING') {
    return `案件当前状态为“${summary.status.label}”，法律程序只在“劝返中”的案件中登记`
  }
  return ladderIndex(summary.legalStep?.code) < needs ? missing : ''
}

/** The issuing body a town or county clerk usually writes: 某某镇人民政府, 某某县教育局. */
export function defaultIssuer(): string {
  const user = session.user
  if (!user?.unitName) return ''
  if (user.role === 'TOWN') return user.unitName + '人民政府'
  if (user.role === 'COUNTY') return user.unitName + '教育局'
  return user.unitName
}
