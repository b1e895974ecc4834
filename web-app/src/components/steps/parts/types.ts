// The drafts of the step forms, as the clerk types them.

/** One 三帮一 helper as on the 结对帮扶登记表: name, unit and post (a guardian: relation to the child), mobile. */
export interface HelperDraft {
  name: string
  unitOrRelation: string
  phone: string
}

export type TrioRoleCode = 'TEACHER' | 'VILLAGE_CADRE' | 'GUARDIAN'
