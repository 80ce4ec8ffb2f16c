import { labelOf } from '@/utils/labels'

// How an application came out (the server's `outcome`: approved | denied | notAccepted | withdrawn | terminated | revoked | ended), shown the same way
// on the applications list and the application's page; the names are `applications.outcomes.*`.
export type OutcomeTagType = 'success' | 'danger' | 'warning' | 'info'

/** What 办件查询 filters by, in the order a clerk looks for them. */
export const OUTCOME_FILTERS = ['approved', 'denied', 'notAccepted', 'withdrawn', 'terminated', 'revoked'] as const

const TAG_TYPES: Record<string, OutcomeTagType> = { approved: 'success', denied: 'danger', notAccepted: 'warning', withdrawn: 'info', terminated: 'info', revoked: 'danger', ended: 'info' }

export const outcomeTagType = (outcome: string): OutcomeTagType => TAG_TYPES[outcome] ?? 'info'

/**
 * The reason a cancellation's journal line gives (its message), as staff typed it or the applicant wrote it when withdrawing;
 * null for the host's own wording, which says nothing the timeline does not (the line's event and actor).
 */
export function cancelReason(message: string | null | undefined): string | null {
  const text = (message ?? '').trim()
  const applicant = 'withdrawn by the applicant'
  if (text.startsWith(`${applicant}:`)) return text.slice(applicant.length + 1).trim() || null
  if (!text || text === applicant || text === "withdrawn at the applicant's request" || text === 'cancelled' || /^parent instance \S+ no longer waits for it$/.test(text)) return null
  return text
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/** An application's tag in a list: how it came out once settled (准予许可, 已撤回 …), else its status (办理中, 异常 …). */
export function statusWithOutcome(t: Translate, te: (key: string) => boolean, row: { status: string; outcome?: string | null }): string {
  return row.outcome && te(`applications.outcomes.${row.outcome}`) ? t(`applications.outcomes.${row.outcome}`) : labelOf(t, te, 'instanceStatus', row.status)
}

/**
 * The outcome an application's page shows beside its status (准予许可 beside 已办结), or null for one that is the status itself
 * (已撤回 or 终止办理 in place of the engine's 已撤销, a plain end's 已办结): those stand in the status's tag.
 */
export const outcomeBesideStatus = (outcome: string | null | undefined): string | null =>
  outcome && !['withdrawn', 'terminated', 'ended'].includes(outcome) ? outcome : null

/** Its colour: the outcome's, else the status's (办理中 blue, so 不予受理's orange stands apart). */
export function statusWithOutcomeType(row: { status: string; outcome?: string | null }): OutcomeTagType | 'primary' {
  if (row.outcome) return outcomeTagType(row.outcome)
  return row.status === 'Finished' ? 'success' : row.status === 'Faulted' ? 'danger' : row.status === 'Cancelled' ? 'info' : 'primary'
}
