import { get, getPage, post, request, type Paged } from './http'

/** 容缺受理 / 告知承诺制 (GET /api/instances/{id}/acceptance-mode, POST .../deferred-materials/supplied) and the bad-credit list. */
export type AcceptanceModeName = 'standard' | 'deferred' | 'commitment'

export interface AcceptanceMode {
  mode: AcceptanceModeName
  materials: string[]
  commitmentSignedBy: string | null
  commitmentText: string | null
  acceptedBy: string | null
  acceptedAt: string | null
  supplyDueDate: string | null
  lapseAction: 'terminate' | 'suspend' | null
  supplyStatus: 'pending' | 'supplied' | 'lapsed' | null
  suppliedAt: string | null
  suppliedBy: string | null
  lapsedAt: string | null
  verificationStatus: 'awaiting-decision' | 'pending' | 'verified' | 'false' | null
  verificationDepartment: string | null
  verificationTaskId: string | null
  verifiedAt: string | null
  verifiedBy: string | null
  verificationOpinion: string | null
}

export interface AcceptanceChoice {
  mode: AcceptanceModeName
  materials?: string[]
  commitment?: { signedBy: string; text?: string }
}

export interface CreditMark {
  id: string
  subjectId: string
  subjectName: string
  reason: string
  source: string
  createdBy: string
  createdAt: string
  validUntil: string | null
  removedAt: string | null
  removedBy: string | null
}

const enc = encodeURIComponent
export const getAcceptanceMode = (instanceId: string) => get<AcceptanceMode>(`/api/instances/${enc(instanceId)}/acceptance-mode`)
export const confirmDeferredSupplied = (instanceId: string) => post<AcceptanceMode>(`/api/instances/${enc(instanceId)}/deferred-materials/supplied`)
/** The window accepts in a mode: the acceptance task's completion with outcome Accepted and `acceptance`. */
export const acceptInMode = (taskId: string, acceptance: AcceptanceChoice) =>
  post(`/api/tasks/${enc(taskId)}/complete`, { outcome: 'Accepted', acceptance })
/** A page of the list, newest first (1-based here, 0-based in the API): q is part of a code or name; removed entries only when asked. */
export const listCreditMarks = (query: { q?: string; includeRemoved?: boolean; page?: number; pageSize?: number } = {}): Promise<Paged<CreditMark>> =>
  getPage('/api/credit-marks', { q: query.q?.trim() || undefined, includeRemoved: query.includeRemoved || undefined, pageSize: query.pageSize }, query.page)
export const addCreditMark = (body: { subjectId: string; subjectName: string; reason: string; validUntil?: string }) => post<CreditMark>('/api/credit-marks', body)
export const removeCreditMark = (id: string) => request<CreditMark>('DELETE', `/api/credit-marks/${enc(id)}`)
