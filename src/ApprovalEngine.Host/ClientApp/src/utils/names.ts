type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * Who did something, as a person reads it: a staff member's name from the directory, 申请人 for an applicant
 * (`applicant:{user}`), 系统 for the engine's own timers and triggers. A staff id the directory does not know is shown
 * as 工作人员, or as the id itself where identifying the person is the page's purpose (the audit trail).
 */
export function actorName(actor: string | null | undefined, lookup: (id: string) => string | null, t: Translate, keepUnknownId = false): string {
  if (!actor) return ''
  if (actor === 'system' || actor === 'timers' || actor.startsWith('system:')) return t('names.system')
  // An auditor (keepUnknownId) must tell two agents of one company apart: 申请人（suip-agent-2）.
  if (actor.startsWith('applicant:')) return keepUnknownId ? t('names.applicantUser', { user: actor.slice('applicant:'.length) }) : t('names.applicant')
  return lookup(actor) ?? (keepUnknownId ? actor : t('names.staff'))
}
