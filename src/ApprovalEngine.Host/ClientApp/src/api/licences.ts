import { get, getPage, post, type Paged } from './http'

/** A licence in the library (GET /api/licences): its standing now, and the authority's revocation or replacement if any. */
export interface Licence {
  number: string
  type: string
  typeName: string
  holder: string
  matter: string
  scope: string
  issuingAuthority: string
  validFrom: string
  validUntil: string
  issuedAt: string
  /** valid | revoked | replaced | expired | invalid */
  status: string
  reason: string | null
  code: string | null
  instanceId: string
  verificationUrl: string
  reasonCode: string | null
  revokedAt: string | null
  revokedBy: string | null
  revocationReason: string | null
  replacedBy: string | null
  replaces: string | null
  /** The holder's credit code or resident ID, masked; the full number: GET /api/licences/{number}/holder-id (need-to-know, logged). */
  holderIdMasked?: string | null
}

export interface ReasonCodes { revocation: string[]; replacement: string[] }
export interface Replacement { replaced: Licence; replacement: Licence }

const enc = encodeURIComponent

export const searchLicences = ({ page, ...query }: { holder?: string; number?: string; type?: string; page?: number; pageSize?: number }): Promise<Paged<Licence>> =>
  getPage<Licence>('/api/licences', query, page)
export const licenceReasonCodes = () => get<ReasonCodes>('/api/licences/reason-codes')
export const revokeLicence = (number: string, reason: string, reasonCode: string) =>
  post<Licence>(`/api/licences/${enc(number)}/revoke`, { reason, reasonCode })
export const replaceLicence = (number: string, body: { reason: string; reasonCode: string; holder?: string; scope?: string; validUntil?: string }) =>
  post<Replacement>(`/api/licences/${enc(number)}/replace`, body)

/** A material of a process's service guide; `licenceType` names the process whose certificate may stand for it. */
export interface GuideMaterial { name: string; title: string; required: boolean; sharedLicence: boolean; note?: string | null; licenceType?: string | null }

/** A field of a process's application form (the service guide's applicationForm), as the online channel asks for it. */
export interface GuideFormField { name: string; label: string; type: string; required: boolean; maxLength?: number | null; min?: number | null; max?: number | null; notPast?: boolean }

/** The guide's form fields: the counter asks for the same facts the online form does (the permit prints some of them). */
export const guideForm = async (definitionId: string) =>
  (await get<{ form?: GuideFormField[] }>(`/api/public/guides/${enc(definitionId)}`, undefined, { anonymous: true })).form ?? []

export const guideMaterials = async (definitionId: string) =>
  (await get<{ materials: GuideMaterial[] }>(`/api/public/guides/${enc(definitionId)}`, undefined, { anonymous: true })).materials
/** The holder's full identity number: need-to-know (403 otherwise), and the read is logged. */
export const licenceHolderId = (number: string) => get<{ number: string; holder: string; holderId: string | null }>(`/api/licences/${enc(number)}/holder-id`)
export const validLicences = (holder: string) => get<Licence[]>('/api/licences/valid', { holder })
export const shareLicence = (instanceId: string, name: string, licenceNumber: string) =>
  post<unknown>(`/api/instances/${enc(instanceId)}/materials/shared`, { name, licenceNumber })
