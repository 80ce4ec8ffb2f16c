type Translate = (key: string) => string

/**
 * Who did something, as a person reads it: a staff member's name from the directory, 申请人 for an applicant
 * (`applicant:{user}`), 系统 for the engine's own timers and triggers. A staff id the directory does not know is shown
 * as 工作人员, or as the id itself where identifying the person is the page's purpose (the audit trail).
 */
export function actorName(actor: string | null | undefined, lookup: (id: string) => string | null, t: Translate, keepUnknownId = false): string {
  if (!actor) return ''
  if (actor === 'system' || actor === 'timers' || actor.startsWith('system:')) return t('names.system')
  if (actor.startsWith('applicant:')) return t('names.applicant')
  return lookup(actor) ?? (keepUnknownId ? actor : t('names.staff'))
}
