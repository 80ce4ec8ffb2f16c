import { ApiError, buildUrl, request, send } from '@/api/http'
import { readApplicantSession } from './session'
import type { FormField } from './form'
import type { ApplicantPage } from './scrolledList'

let onUnauthorized: () => void = () => {}
export function setApplicantUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

/** The office's request, with the applicant's own token instead of a staff session's. */
async function call<T>(method: string, path: string, options: { body?: unknown; form?: FormData; anonymous?: boolean } = {}): Promise<T> {
  const session = options.anonymous ? null : readApplicantSession()
  try {
    return await request<T>(method, path, { body: options.body, form: options.form, anonymous: true, headers: session ? { authorization: `Bearer ${session.token}` } : {} })
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && !options.anonymous) onUnauthorized()
    throw e
  }
}

export interface GuideMaterial { name: string; title: string; required: boolean; sharedLicence: boolean; note?: string | null; licenceType?: string | null }
export interface GuideSummary { definitionId: string; matter: string; department?: string | null; promisedLimitWorkingDays?: number | null; statutoryLimitWorkingDays?: number | null; online: boolean }
export interface ServiceGuide extends GuideSummary {
  version: number
  implementationCode?: string | null
  description?: string | null
  conditions: string[]
  materials: GuideMaterial[]
  fees?: string | null
  legalBasis: string[]
  location?: { address?: string | null; hours?: string | null; phone?: string | null } | null
  form: FormField[]
}
export interface ProgressStep { title: string; department: string; since: string; completedAt?: string | null; outcome?: string | null; kind?: string | null }
export interface ProgressView {
  fileNumber: string; matter: string; holderInitial: string; status: string; current: ProgressStep[]; done: ProgressStep[]
  workingDaysUsed?: number | null; workingDaysLeft?: number | null; limitWorkingDays?: number | null; dueDate?: string | null
  /** The due date runs into a year whose official holidays are not published: it may move. */
  dueDateProvisional?: boolean
  decision?: string | null; decisionUrl?: string | null; certificateNumber?: string | null; certificateUrl?: string | null
  delivery?: ProgressDelivery | null
  /** Why a withdrawn or terminated application ended, as the applicant or the office gave it; null for none. */
  endReason?: string | null
}
/** How the certificate reaches the applicant and the Art. 44 date it is due by. */
export interface ProgressDelivery {
  certificateNumber: string; method?: string | null; courier?: string | null; trackingNumber?: string | null; postedOn?: string | null; deliveredOn?: string | null
  dueDate: string; state: string; onTime?: boolean | null
}
export type MineState = '' | 'open' | 'finished'
export interface ApplicationSummary { id: string; fileNumber: string; definitionId: string; matter: string; project?: string | null; status: string; submittedAt: string; updatedAt: string }
export interface Correction { id: string; requestedBy: string; missing: string[]; opinion?: string | null; createdAt: string; resolvedAt?: string | null }
export interface Material { id: string; name: string; fileName: string; contentType: string; size: number; uploadedAt: string; sharedLicence: boolean }
export interface DocumentListing { key: string; kind: string; title: string; number: string; issued: boolean; downloadUrl: string }
export interface ApplicationDetail {
  id: string; fileNumber: string; definitionId: string; matter: string; status: string; submittedAt: string; fields: Record<string, unknown>
  requiredMaterials: GuideMaterial[]; materials: Material[]; corrections: Correction[]; progress: ProgressView; canWithdraw: boolean; documents: DocumentListing[]; queryCode?: string | null
  /** Why it ended as it did (refused, denied, approved); null while it runs. */
  result?: ApplicationResult | null
}
export interface ApplicationResult {
  outcome: 'notAccepted' | 'denied' | 'approved'; reason?: string | null; reasons: string[]; competentAgency?: string | null; opinion?: string | null; appealRights?: string | null
}
export interface Licence { number: string; type: string; typeName: string; holder: string; validUntil: string; status: string }
export interface Evaluation {
  id: string; instanceId: string; fileNumber: string; matter: string; channel: 'online' | 'window'; level: number; bad: boolean; comment?: string | null
  createdAt: string; rectificationDueDate?: string | null; rectificationResult?: string | null; rectifiedAt?: string | null; closedAt?: string | null
}
export interface Complaint {
  number: string; kind: 'complaint' | 'suggestion'; instanceId?: string | null; department: string; departmentName: string; content: string; name?: string | null
  createdAt: string; dueDate?: string | null; reply?: string | null; repliedAt?: string | null; repliedWithinLimit?: boolean | null; rating?: number | null; ratingComment?: string | null
}
export interface NewComplaint { kind: 'complaint' | 'suggestion'; content: string; phone: string; name?: string; email?: string; instanceId?: string }
export interface DemoApplicant { user: string; subjectId: string; subjectKind: 'person' | 'organisation'; subjectName: string; description: string }

export const applicantApi = {
  guides: () => call<GuideSummary[]>('GET', '/api/public/guides', { anonymous: true }),
  guide: (id: string) => call<ServiceGuide>('GET', `/api/public/guides/${encodeURIComponent(id)}`, { anonymous: true }),
  progress: (fileNumber: string, queryCode: string) => call<ProgressView>('POST', '/api/public/progress', { anonymous: true, body: { fileNumber, queryCode } }),
  demoApplicants: () => call<DemoApplicant[]>('GET', '/api/dev/applicants', { anonymous: true }),
  devToken: (a: DemoApplicant) =>
    call<{ token: string; expiresAt: string }>('POST', '/api/dev/applicant-token', { anonymous: true, body: { user: a.user, subjectId: a.subjectId, subjectKind: a.subjectKind, subjectName: a.subjectName } }),
  apply: (definitionId: string, fields: Record<string, string | number>) =>
    call<{ id: string; fileNumber: string }>('POST', '/api/applicant/applications', { body: { definitionId, fields } }),
  /** One page (0-based) of the applicant's own, newest first; state open = still being handled, finished = ended. */
  list: (query: { state?: MineState; page?: number; pageSize?: number } = {}) =>
    call<ApplicantPage<ApplicationSummary>>('GET',
      buildUrl('/api/applicant/applications', { state: query.state || undefined, page: query.page, pageSize: query.pageSize })),
  get: (id: string) => call<ApplicationDetail>('GET', `/api/applicant/applications/${id}`),
  licences: () => call<Licence[]>('GET', '/api/applicant/licences'),
  upload: (id: string, name: string, file: File) => {
    const form = new FormData()
    form.append('name', name)
    form.append('file', file, file.name)
    return call<Material>('POST', `/api/applicant/applications/${id}/materials`, { form })
  },
  share: (id: string, name: string, licenceNumber: string) => call<unknown>('POST', `/api/applicant/applications/${id}/materials/shared`, { body: { name, licenceNumber } }),
  resubmit: (id: string) => call<unknown>('POST', `/api/applicant/applications/${id}/resubmission`),
  withdraw: (id: string, reason: string) => call<unknown>('POST', `/api/applicant/applications/${id}/withdraw`, { body: { reason } }),
  /** One page (0-based) of the applicant's own ratings, newest first; with instanceId those of that application. */
  evaluations: (query: { instanceId?: string; page?: number; pageSize?: number } = {}) =>
    call<ApplicantPage<Evaluation>>('GET', buildUrl('/api/applicant/evaluations', { instanceId: query.instanceId, page: query.page, pageSize: query.pageSize })),
  evaluate: (instanceId: string, level: number, comment: string) => call<Evaluation>('POST', '/api/applicant/evaluations', { body: { instanceId, level, comment } }),
  /** One page (0-based) of the applicant's own complaints and suggestions, newest first. */
  complaints: (page = 0, pageSize = 20) => call<ApplicantPage<Complaint>>('GET', buildUrl('/api/applicant/complaints', { page, pageSize })),
  // Complaints are public: anyone files one with a phone number; a signed-in applicant's token makes it (and its reading) theirs.
  fileComplaint: (c: NewComplaint) => call<Complaint>('POST', '/api/complaints', { body: c }),
  complaint: (number: string, phone?: string) => call<Complaint>('GET', buildUrl(`/api/complaints/${encodeURIComponent(number)}`, { phone })),
  rateComplaint: (number: string, phone: string | undefined, rating: number, comment: string) =>
    call<Complaint>('POST', `/api/complaints/${encodeURIComponent(number)}/rating`, { body: { phone, rating, comment } }),
  /** A document as a Blob (the bearer token cannot ride on a plain link). */
  async download(url: string): Promise<Blob> {
    const session = readApplicantSession()
    return (await send('GET', url, { anonymous: true, headers: { accept: '*/*', ...(session ? { authorization: `Bearer ${session.token}` } : {}) } })).blob()
  },
}

export { buildUrl }
