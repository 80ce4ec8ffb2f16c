type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** The kinds of code the API returns that a person must see as words (locales/*.ts: labels.<kind>.<code>). */
export type LabelKind = 'outcome' | 'taskStatus' | 'instanceStatus' | 'deadlineState' | 'auditAction' | 'activityType' | 'taskKind' | 'role' | 'deadlineKind' | 'verifyCode' | 'journalEvent' | 'holidayProblem' | 'anchorFinding'

/** Codes arrive as `NeedsCorrection`, `needs-correction`, `needsCorrection` or `Elsa.FlowFork`: one key form for all. */
export function normalizeCode(code: string): string {
  return code
    .replace(/[.\s]+/g, '_')
    .replace(/[-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/^[A-Z]/, (c) => c.toLowerCase())
}

/**
 * A code's label in the current language. An unknown code (a newer server) shows the generic "other" word with
 * the code in a title attribute elsewhere; it never shows an empty cell.
 */
export function labelOf(t: Translate, te: Exists, kind: LabelKind, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return ''
  const key = `labels.${kind}.${normalizeCode(code)}`
  return te(key) ? t(key) : t('labels.unknown', { code })
}

/**
 * A step's outcome in words: a decision's Approved is a grant (准予许可, beside 不予许可), a department's review a pass (通过).
 */
export function outcomeLabel(t: Translate, te: Exists, kind: string | null | undefined, outcome: string | null | undefined): string {
  return String(kind ?? '').toLowerCase() === 'decision' && outcome === 'Approved' ? t('labels.outcome.granted') : labelOf(t, te, 'outcome', outcome)
}

/** A button's words for choosing an outcome (Approve, Grant, 准予许可): the outcome's name when no verb is given for it. */
export function outcomeAction(t: Translate, te: Exists, kind: string | null | undefined, outcome: string): string {
  const code = String(kind ?? '').toLowerCase() === 'decision' && outcome === 'Approved' ? 'granted' : normalizeCode(outcome)
  const key = `labels.outcomeAction.${code}`
  return te(key) ? t(key) : outcomeLabel(t, te, kind, outcome)
}

/** Outcomes that end an application or send it back: the worklist asks for confirmation before sending them. */
export const CONFIRM_OUTCOMES = new Set(['NotAccepted', 'Rejected', 'Denied', 'NeedsCorrection', 'CorrectionRequested', 'CommitmentFalse'])

/** Outcomes that send a correction notice: they list every missing or defective material (the server refuses them without). */
export const MATERIALS_OUTCOMES = new Set(['NeedsCorrection', 'CorrectionRequested'])

/** Outcomes that need written reasons (an opinion) by law; the server refuses them without. */
export const REASONED_OUTCOMES = new Set(['NotAccepted', 'Rejected', 'Denied', 'NeedsCorrection', 'CorrectionRequested', 'CommitmentFalse'])

/** True when the outcome needs written reasons (the API refuses it without) and the opinion gives none: checked before any confirmation. */
export function missingReason(outcome: string, opinion: string): boolean {
  return REASONED_OUTCOMES.has(outcome) && !opinion.trim()
}

/** Element Plus button type for an outcome: approvals primary, refusals danger, send-backs warning. */
export function outcomeButtonType(outcome: string): 'primary' | 'danger' | 'warning' | 'default' {
  if (outcome === 'Approved' || outcome === 'Accepted') return 'primary'
  if (outcome === 'NotAccepted' || outcome === 'Rejected' || outcome === 'Denied') return 'danger'
  if (outcome === 'NeedsCorrection' || outcome === 'CorrectionRequested') return 'warning'
  return 'default'
}
