// The applicant's session, kept apart from the staff session (a citizen's token never opens office pages and vice versa).
export const APPLICANT_SESSION_KEY = 'approvalengine.applicant'

export interface ApplicantSession {
  token: string
  expiresAt: string
  user: string
  subjectId: string
  subjectKind: 'person' | 'organisation'
  subjectName: string
}

export function readApplicantSession(storage: Storage = localStorage, now = Date.now()): ApplicantSession | null {
  try {
    const s = JSON.parse(storage.getItem(APPLICANT_SESSION_KEY) ?? 'null') as ApplicantSession | null
    if (s && typeof s.token === 'string' && Date.parse(s.expiresAt) > now + 30_000) return s
  } catch {
    /* corrupt: signed out */
  }
  return null
}

export function saveApplicantSession(s: ApplicantSession, storage: Storage = localStorage): void {
  storage.setItem(APPLICANT_SESSION_KEY, JSON.stringify(s))
}

export function clearApplicantSession(storage: Storage = localStorage): void {
  storage.removeItem(APPLICANT_SESSION_KEY)
}

/** "32050219850317002X" -> "3205**********002X": identity numbers are shown masked. */
export function maskId(id: string): string {
  return id.length <= 8 ? id : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}
