import { get, request, ApiError } from './http'

export interface Certificate {
  number: string
  holder: string
  matter: string
  scope: string
  validFrom: string
  validUntil: string
  issuingAuthority: string
  issuedAt: string
  [key: string]: unknown
}

export interface CertificateCheck {
  certificate: Certificate
  valid: boolean
  reason: string | null
  code: string | null
  /** valid | revoked | replaced | expired | invalid */
  status?: string | null
  /** The authority's reason code of a revocation or replacement. */
  reasonCode?: string | null
  replacedBy?: string | null
  revokedAt?: string | null
  /** The holder's identity number, masked (320502********002X): this answer is public. */
  holderIdMasked?: string | null
}

/** What POST /api/public/verify answers for an uploaded PDF: the sealed document it carries and the verdict. */
export interface DocumentCheck {
  valid: boolean
  reason: string | null
  code: string | null
  kind: string | null
  number: string | null
  document: Record<string, unknown> | null
  status?: string | null
  reasonCode?: string | null
  replacedBy?: string | null
}

/** POST /api/public/verify with the PDF (multipart field `file`): anyone, no token. */
export async function checkPdf(file: File): Promise<DocumentCheck> {
  const form = new FormData()
  form.append('file', file)
  return request<DocumentCheck>('POST', '/api/public/verify', { form, anonymous: true })
}

/** GET /api/public/certificates/{number}: anyone, no token. Null when no such certificate was issued here. */
export async function checkCertificate(number: string): Promise<CertificateCheck | null> {
  try {
    return await get<CertificateCheck>(`/api/public/certificates/${encodeURIComponent(number)}`, undefined, { anonymous: true })
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}

/**
 * GET /api/public/documents/{number}: a sealed notice or decision letter by the number its QR code carries; anyone, no
 * token. The document names the applicant by an initial only. Null when no such document was issued here.
 */
export async function checkDocument(number: string): Promise<DocumentCheck | null> {
  try {
    return await get<DocumentCheck>(`/api/public/documents/${encodeURIComponent(number)}`, undefined, { anonymous: true })
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}
