// How an application came out (the server's `outcome`: approved | denied | notAccepted | withdrawn | ended), shown the same way
// on the applications list and the application's page; the names are `applications.outcomes.*`.
export type OutcomeTagType = 'success' | 'danger' | 'warning' | 'info'

/** What 办件查询 filters by, in the order a clerk looks for them. */
export const OUTCOME_FILTERS = ['approved', 'denied', 'notAccepted', 'withdrawn'] as const

const TAG_TYPES: Record<string, OutcomeTagType> = { approved: 'success', denied: 'danger', notAccepted: 'warning', withdrawn: 'info', ended: 'info' }

export const outcomeTagType = (outcome: string): OutcomeTagType => TAG_TYPES[outcome] ?? 'info'
