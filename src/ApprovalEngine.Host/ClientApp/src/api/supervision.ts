import { get, getPage, post, type Paged } from './http'
import type { Deadline } from './instances'

/** Pending: not yet acknowledged (oldest first); acknowledged: latest acknowledgement first; '' all, newest first. */
export type PushStatus = 'pending' | 'acknowledged' | ''

export interface PushFeedback {
  findings: string
  by: string
  at: string
}

/** What the approving side pushed: the result of one application (双推送). */
export interface PushPayload {
  pushId: string
  department: string
  pushedAt: string
  result: {
    instanceId: string
    matter?: string | null
    applicant?: string | { name?: string } | null
    decision?: string | null
    decidedAt?: string | null
    certificate?: { number?: string; name?: string; validUntil?: string } | null
  }
  codes?: { fileNumber?: string | null; implementationCode?: string | null; projectCode?: string | null }
}

export interface SupervisionPush {
  id: string
  instanceId: string
  department: string
  departmentName: string | null
  fileNumber: string | null
  payload: PushPayload
  createdAt: string
  acknowledgedAt: string | null
  acknowledgedBy: string | null
  feedback: PushFeedback[]
  /** The acknowledgement clock (working days); null for pushes made before clocks were kept. */
  acknowledgement: Deadline | null
}

const enc = encodeURIComponent
/** A page of the pushes to the caller's departments (all for admins and auditors); 1-based here, 0-based in the API. */
export const listPushes = (query: { status?: PushStatus; q?: string; page?: number; pageSize?: number } = {}): Promise<Paged<SupervisionPush>> =>
  getPage('/api/supervision', { status: query.status || undefined, q: query.q?.trim() || undefined, pageSize: query.pageSize }, query.page)
export const acknowledgePush = (id: string) => post<SupervisionPush>(`/api/supervision/${enc(id)}/ack`)
export const feedbackOnPush = (id: string, findings: string) => post<SupervisionPush>(`/api/supervision/${enc(id)}/feedback`, { findings })

/** The applicant as pushed: the name the application was started with (a string, or an object with a name). */
export function pushApplicant(push: SupervisionPush): string {
  const applicant = push.payload.result?.applicant
  if (!applicant) return ''
  return typeof applicant === 'string' ? applicant : applicant.name ?? ''
}

/** How many pushes wait for the caller's departments to acknowledge (counted up to 1,000: capped past it). */
export const pendingPushCount = () => get<{ count: number; capped: boolean }>('/api/supervision/pending-count')
