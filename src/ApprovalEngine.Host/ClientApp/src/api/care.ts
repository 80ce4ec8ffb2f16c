import { get, getPage, post, type Paged } from './http'

// Service care for staff: complaints and bad reviews (their follow-up tasks), the reports, and the development SMS sink.
export interface StaffComplaint {
  number: string; kind: 'complaint' | 'suggestion'; instanceId?: string | null; department: string; departmentName: string; content: string; name?: string | null
  phone?: string | null; createdAt: string; taskId?: string | null; dueDate?: string | null; reply?: string | null; repliedAt?: string | null
  repliedWithinLimit?: boolean | null; rating?: number | null; ratingComment?: string | null
}
export interface StaffEvaluation {
  id: string; instanceId: string; fileNumber: string; matter: string; channel: 'online' | 'window'; level: number; bad: boolean; comment?: string | null
  department: string; staff?: string | null; realName: boolean; evaluatorName?: string | null; evaluatorPhone?: string | null; createdAt: string
  rectificationInstanceId?: string | null; rectificationTaskId?: string | null; rectificationDueDate?: string | null; rectificationResult?: string | null
  rectifiedAt?: string | null; callbackNote?: string | null; calledBackAt?: string | null; closedAt?: string | null
}
export interface SatisfactionRow {
  key: string; total: number; verySatisfied: number; satisfied: number; fair: number; dissatisfied: number; veryDissatisfied: number; bad: number
  satisfactionRate: number; rectified: number
}
export interface ComplaintTimelinessRow { department: string; total: number; replied: number; repliedWithinLimit: number; openOverdue: number; withinLimitRate: number }
export interface SinkMessage { key: string; phone: string; text: string; receivedAt: string; deliveries: number }
interface CaseTask { id: string; status: string; allowedOutcomes: string[] }

export type ComplaintStatus = 'open' | 'replied' | ''
/** A page of the staff list (1-based here, 0-based in the API): open = unanswered, oldest first; replied = latest answer first. */
export const listComplaints = (query: { status?: ComplaintStatus; q?: string; page?: number; pageSize?: number } = {}): Promise<Paged<StaffComplaint>> =>
  getPage('/api/complaints', { status: query.status || undefined, q: query.q?.trim() || undefined, pageSize: query.pageSize }, query.page)
export type RectificationStatus = 'open' | 'closed' | ''
/** A page of the bad reviews (1-based here): open = rectification or callback not done, oldest first; closed = latest first. */
export const listBadEvaluations = (query: { status?: RectificationStatus; page?: number; pageSize?: number } = {}): Promise<Paged<StaffEvaluation>> =>
  getPage('/api/evaluations', { bad: true, status: query.status || undefined, pageSize: query.pageSize }, query.page)
export const evaluationReport = (from: string, to: string, by: string) => get<SatisfactionRow[]>('/api/reports/evaluations', { from, to, by })
export const complaintReport = (from: string, to: string) => get<ComplaintTimelinessRow[]>('/api/reports/complaints', { from, to })
export const smsSink = () => get<SinkMessage[]>('/api/dev/sms-sink')

/** Answers a complaint: its reply task completed with outcome Replied, the reply as the opinion (one audited stimulus). */
export const replyToComplaint = (taskId: string, reply: string) => post<unknown>(`/api/tasks/${taskId}/complete`, { outcome: 'Replied', opinion: reply })

/** The open step of a rectification case (rectify, then the callback for a real-name review) and the outcome that closes it. */
export async function openRectificationStep(caseId: string): Promise<{ taskId: string; outcome: string } | null> {
  const page = await get<{ items: CaseTask[] }>('/api/tasks', { instanceId: caseId })
  const task = page.items.find((t) => ['open', 'claimed'].includes(t.status.toLowerCase()))
  return task && task.allowedOutcomes.length ? { taskId: task.id, outcome: task.allowedOutcomes[0] } : null
}

export const completeRectificationStep = (taskId: string, outcome: string, note: string) => post<unknown>(`/api/tasks/${taskId}/complete`, { outcome, opinion: note })

export interface WindowEvaluation { instanceId: string; level: number; comment?: string; evaluatorName?: string; evaluatorPhone?: string }

/** The window tablet: the applicant rates the counter service (`instanceId` takes the file number too); name and phone make it real-name. */
export const recordWindowEvaluation = (body: WindowEvaluation) => post<StaffEvaluation>('/api/evaluations', body)
