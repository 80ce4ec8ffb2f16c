import { get, post, paged, type Paged } from './http'

export interface PausedPeriod {
  from: string
  to: string | null
  reason: string | null
  [key: string]: unknown
}

export interface Deadline {
  id: string
  kind: string
  label: string
  department: string | null
  taskId: string | null
  startDate: string
  limitWorkingDays: number
  extensionWorkingDays: number
  maxExtensionWorkingDays: number
  dueDate: string
  workingDaysUsed: number
  workingDaysLeft: number
  state: string
  pausedPeriods: PausedPeriod[]
  completedAt: string | null
  outcome: string | null
  completedOnTime: boolean | null
  /** Years the due date runs into without official holiday data, when the server says so. */
  calendarWarnings?: string[]
}

export interface CurrentActivity {
  activityId: string
  activityType: string
  name: string | null
  since: string
}

export interface Instance {
  id: string
  definitionId: string
  definitionVersion: number
  name: string
  correlationId: string | null
  status: string
  createdAt: string
  updatedAt: string
  finishedAt: string | null
  /** Set once the archiver moved the finished application's journal out of the hot tables. */
  archivedAt?: string | null
  createdBy: string | null
  currentActivities: CurrentActivity[]
  variables: Record<string, unknown>
  input: Record<string, unknown>
  deadlines: Deadline[]
  /** How it came out (approved | denied | notAccepted | withdrawn | terminated | revoked | ended); null while unsettled. */
  outcome?: string | null
}

export interface InstanceSummary {
  /** A correction notice waits for the applicant (shown as 待补正 beside the status). */
  awaitingCorrection?: boolean
  /** How it came out, as on the instance (`outcome`); null while unsettled (a decided application has it at once). */
  outcome?: string | null
  id: string
  definitionId: string
  definitionVersion: number
  name: string
  correlationId: string | null
  status: string
  createdAt: string
  updatedAt: string
  finishedAt: string | null
  applicant: string | null
}

export interface JournalEntry {
  sequence: number
  timestamp: string
  activityId: string | null
  activityType: string | null
  eventName: string
  outcome: string | null
  message: string | null
  payload: Record<string, unknown> | null
  actor: string | null
  department: string | null
}

export interface SealedDocument {
  id: string
  kind: string
  content: Record<string, unknown>
  valid: boolean
  reason: string | null
  code: string | null
}

const enc = encodeURIComponent

export const getInstance = (id: string) => get<Instance>(`/api/instances/${enc(id)}`)
export const journal = (id: string) => get<JournalEntry[]>(`/api/instances/${enc(id)}/journal`)
export const sealedDocuments = (id: string) => get<SealedDocument[]>(`/api/instances/${enc(id)}/sealed-documents`)

/** A page of applications; `capped`: there are more than `total`, where the server stopped counting. */
export async function listInstances(query: { q?: string; status?: string; outcome?: string; definitionId?: string; correlationId?: string; page?: number; pageSize?: number }): Promise<Paged<InstanceSummary> & { capped: boolean }> {
  // The UI counts pages from 1; the API from 0.
  const raw = await get<{ items: InstanceSummary[]; totalCountCapped?: boolean }>('/api/instances', { ...query, page: (query.page ?? 1) - 1 })
  const result = paged(raw as never) as Paged<InstanceSummary>
  return { ...result, page: result.page + 1, capped: raw.totalCountCapped === true }
}

export const startInstance = (definitionId: string, correlationId: string, input: Record<string, unknown>) =>
  post<{ id: string; status: string; correlationId?: string | null }>('/api/instances', { definitionId, correlationId: correlationId || undefined, input })

export function uploadMaterial(instanceId: string, name: string, file: File) {
  const form = new FormData()
  form.append('name', name)
  form.append('file', file)
  return post(`/api/instances/${enc(instanceId)}/materials`, undefined, { form })
}

export const resubmit = (instanceId: string) => post(`/api/instances/${enc(instanceId)}/resubmission`)
export const correctionNotices = (instanceId: string) => get<Record<string, unknown>[]>(`/api/instances/${enc(instanceId)}/correction-notices`)

/** Ends an application at the window: withdrawn at the applicant's request, or terminated (a reason required, told to the applicant). */
export const endApplication = (instanceId: string, outcome: 'withdrawn' | 'terminated', reason: string) =>
  post<unknown>(`/api/instances/${enc(instanceId)}/cancel`, { outcome, reason: reason || undefined })
export const pauseClock = (instanceId: string, reason: string) => post<Deadline[]>(`/api/instances/${enc(instanceId)}/clock/pause`, { reason })
export const resumeClock = (instanceId: string) => post<Deadline[]>(`/api/instances/${enc(instanceId)}/clock/resume`)
export const extendClock = (instanceId: string, workingDays: number, reason: string) => post<Deadline[]>(`/api/instances/${enc(instanceId)}/clock/extend`, { workingDays, reason })
