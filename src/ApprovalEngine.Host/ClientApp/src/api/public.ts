import { get, ApiError } from './http'

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
