import { pastDate, requiredText, stripped, TEXT_MAX } from './rules'
import type { Errors } from './useStepForm'

// One 佐证材料 as typed (EvidenceDocument on the server), its checks and its JSON.
export interface EvidenceDraft {
  kind: string
  reference: string
  issuedBy: string
  issuedOn: string | null
}

export function emptyEvidence(): EvidenceDraft {
  return { kind: '', reference: '', issuedBy: '', issuedOn: null }
}

/** The props of the evidence list's form items (for matching the server's field to an item). */
export function evidenceFields(items: EvidenceDraft[]): string[] {
  return ['evidence', ...items.flatMap((_, i) => ['kind', 'reference', 'issuedBy', 'issuedOn'].map((f) => `evidence[${i}].${f}`))]
}

/** At least one document, each complete, none dated in the future (DropoutCase.requireEvidence). */
export function checkEvidence(items: EvidenceDraft[], errors: Errors) {
  if (!items.length) errors.evidence = '请至少填写一份佐证材料'
  items.forEach((doc, i) => {
    const at = `evidence[${i}].`
    if (!doc.kind) errors[at + 'kind'] = '请选择佐证材料类型'
    const reference = requiredText(doc.reference, '佐证材料编号或文件', TEXT_MAX)
    if (reference) errors[at + 'reference'] = reference
    const issuedBy = requiredText(doc.issuedBy, '出具单位（人）', TEXT_MAX)
    if (issuedBy) errors[at + 'issuedBy'] = issuedBy
    const issuedOn = pastDate(doc.issuedOn, '出具日期')
    if (issuedOn) errors[at + 'issuedOn'] = issuedOn
  })
}

export function evidenceJson(items: EvidenceDraft[]) {
  return items.map((d) => ({ kind: d.kind, reference: stripped(d.reference), issuedBy: stripped(d.issuedBy), issuedOn: d.issuedOn }))
}
