import { get, paged, fetchBlob, type Paged } from './http'

export interface AuditRecord {
  sequence: number
  chain: string
  timestamp: string
  actor: string
  roles: string
  department: string | null
  action: string
  target: string
  instanceId: string | null
  summary: string
  /** The application's file number (its chain is the application's id); null for the system chain. */
  fileNumber?: string | null
}

export interface AuditQuery {
  correlationId?: string
  applicant?: string
  instanceId?: string
  actor?: string
  action?: string
  from?: string
  to?: string
  page?: number
  pageSize?: number
}

export interface AnchorFinding { chain: string; instanceId: string | null; sequence: number; code: string; detail: string; fileNumber?: string | null }
export interface ChainCheck {
  ok: boolean
  /** The chain asked about verifies row by row (its findings may be elsewhere: another chain cut short since the checkpoint). */
  rowsOk?: boolean
  firstBrokenSequence?: number | null
  records?: number
  findings?: AnchorFinding[]
}

export async function searchAudit(query: AuditQuery): Promise<Paged<AuditRecord>> {
  // The UI counts pages from 1; the API from 0.
  const raw = await get<{ items: AuditRecord[] }>('/api/audit', { ...query, page: (query.page ?? 1) - 1 })
  const result = paged(raw as never) as Paged<AuditRecord>
  return { ...result, page: result.page + 1 }
}

export const verifyChain = (instanceId?: string) => get<ChainCheck>('/api/audit/verify', { instanceId })
/** The server's CSV (UTF-8 with BOM, contract item 9) of the same search. */
export const exportAudit = (query: AuditQuery) => fetchBlob('/api/audit', { ...query, page: undefined, format: 'csv' })

/** A read of an application (GET /api/audit/access): who, which part (`what`: details, materials, material:{id}…), when. */
export interface AccessRecord {
  instanceId: string
  actor: string
  roles: string
  department: string | null
  what: string
  readAt: string
  fileNumber?: string | null
}
export interface AccessQuery {
  /** An application by its file number. */
  correlationId?: string
  instanceId?: string
  actor?: string
  from?: string
  to?: string
  page?: number
  pageSize?: number
}

/** The need-to-know access log, newest first (auditor, admin); pages count from 1 here, from 0 in the API. */
export async function searchAccess(query: AccessQuery): Promise<Paged<AccessRecord>> {
  const raw = await get<{ items: AccessRecord[]; totalCount: number; page: number; pageSize: number }>('/api/audit/access', { ...query, page: (query.page ?? 1) - 1 })
  const result = paged(raw)
  return { ...result, page: result.page + 1 }
}

/** The part of an application a read names (`material:…` -> `material`), for its label; unknown parts are `other`. */
export function accessPart(what: string): string {
  const head = what.split(':')[0]
  return ['details', 'tasks', 'task', 'materials', 'material', 'journal', 'deadlines', 'documents', 'sealed-documents', 'delivery', 'acceptance-mode',
    'correction-notices', 'evaluation', 'signers', 'licence-holder-id', 'elsa'].includes(head) ? head : 'other'
}
