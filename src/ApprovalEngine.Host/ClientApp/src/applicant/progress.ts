import type { DocumentListing, ProgressView } from './api'

// The 办理环节 list as the applicant reads it: each step with its result in words, rounds where a step came back
// (after a correction), the step the application is at now, and how it ended when nothing more will happen.

export type Tone = 'success' | 'warning' | 'danger' | 'primary'

export interface TimelineItem {
  /** The step's title as the process names it, or an i18n key for the states the API has no task for. */
  title?: string
  titleKey?: string
  department?: string
  /** yyyy-MM-dd (local): when a done step finished, or when the current one began. */
  date?: string
  /** i18n key of the result of a done step. */
  result?: string
  tone?: Tone
  /** 2 for the second time a step ran; set on every run of a step that ran more than once. */
  round?: number
  /** A line under the title: why a withdrawn or terminated application ended. */
  reason?: string
  current: boolean
}

/** Task outcomes (the server's Outcomes constants) -> the result's i18n key and colour; any other outcome reads 已完成. */
const RESULTS: Record<string, [string, Tone]> = {
  Accepted: ['accepted', 'success'],
  NotAccepted: ['notAccepted', 'danger'],
  CorrectionRequested: ['correction', 'warning'],
  NeedsCorrection: ['correction', 'warning'],
  Approved: ['approved', 'success'],
  Rejected: ['rejected', 'danger'],
  Denied: ['denied', 'danger'],
  Verified: ['verified', 'success'],
  CommitmentFalse: ['commitmentFalse', 'danger'],
}

/** A step's result; a decision's approval is a grant (准予许可), a review's a pass (通过). */
export function resultOf(outcome: string | null | undefined, kind?: string | null): { result: string; tone: Tone } {
  if (kind === 'Decision' && outcome === 'Approved') return { result: 'applicant.progress.results.granted', tone: 'success' }
  const [key, tone] = (outcome && RESULTS[outcome]) || ['done', 'primary']
  return { result: `applicant.progress.results.${key}`, tone }
}

/** An ISO instant as the applicant's calendar day (a step done at 01:00 Beijing time is that day, not the UTC one before). */
export function localDay(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return undefined
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** "受理：建设工程施工许可（3550）" on the page of that matter reads "受理". */
export function stepTitle(title: string, matter: string): string {
  return matter && title.endsWith(`：${matter}`) && title.length > matter.length + 1 ? title.slice(0, -(matter.length + 1)) : title
}

export function timeline(progress: ProgressView): TimelineItem[] {
  const title = (t: string) => stepTitle(t, progress.matter)
  const items: TimelineItem[] = [
    ...progress.done.map((s) => ({ title: title(s.title), department: s.department, date: localDay(s.completedAt), ...resultOf(s.outcome, s.kind), current: false })),
    // While a correction notice is open the application waits for the applicant (other reviews may go on meanwhile):
    // that is the step that matters to them, so it comes first among the current ones.
    ...(progress.status === 'awaitingCorrection' ? [{ titleKey: 'applicant.progress.awaitingYou', current: true }] : []),
    ...progress.current.map((s) => ({ title: title(s.title), department: s.department, date: localDay(s.since), current: true })),
  ]
  // Rounds: done steps come in the order they ran and a repeat still open is the latest run.
  const runs = new Map<string, number>()
  for (const i of items) if (i.title) runs.set(i.title, (runs.get(i.title) ?? 0) + 1)
  const seen = new Map<string, number>()
  for (const i of items) {
    if (!i.title || runs.get(i.title)! < 2) continue
    seen.set(i.title!, (seen.get(i.title!) ?? 0) + 1)
    i.round = seen.get(i.title!)
  }
  // A withdrawal or the office's termination (at the window, or 容缺 materials not supplied by their date) cancels the open
  // tasks, which the lists leave out: say what happened and why instead of ending in nothing.
  const reason = progress.endReason || undefined
  if (progress.status === 'withdrawn') items.push({ titleKey: 'applicant.progress.withdrawnStep', tone: 'danger', current: false, reason })
  if (progress.status === 'terminated') items.push({ titleKey: 'applicant.progress.terminatedStep', tone: 'danger', current: false, reason })
  return items
}

/** Vant Steps' active index: the first current item, or past the end when none is. */
export function activeIndex(items: TimelineItem[]): number {
  const i = items.findIndex((x) => x.current)
  return i < 0 ? items.length : i
}

/**
 * The printed number to verify the decision letter by (JD…), from the documents list; null until the letter has been
 * issued (the verify page knows only issued documents) or when there is none.
 */
export function decisionNumber(documents: DocumentListing[]): string | null {
  return documents.find((d) => d.kind === 'decision' && d.issued && d.number)?.number ?? null
}

/** The document that states why an application was refused or denied, to point the applicant to it. */
export function reasonDocument(status: string, documents: DocumentListing[]): DocumentListing | null {
  const kind = status === 'notAccepted' ? 'non-acceptance-notice' : status === 'denied' ? 'decision' : null
  return (kind && documents.find((d) => d.kind === kind)) || null
}

/** The done step that refused or denied the application (its department and day). */
export function decidingStep(progress: ProgressView): TimelineItem | null {
  const outcome = progress.status === 'notAccepted' ? 'NotAccepted' : progress.status === 'denied' ? 'Denied' : null
  const step = outcome ? [...progress.done].reverse().find((s) => s.outcome === outcome) : undefined
  return step ? { title: step.title, department: step.department, date: localDay(step.completedAt), ...resultOf(step.outcome, step.kind), current: false } : null
}
