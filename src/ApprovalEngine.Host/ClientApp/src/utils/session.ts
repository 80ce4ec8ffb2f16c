// The signed-in user's session, in localStorage under the key Elsa Studio's host pages read too
// (src/ApprovalEngine.Host/Studio/Pages/app.js): one sign-in for the office and the designer.
export const SESSION_KEY = 'approvalengine.session'

export interface Session {
  token: string
  expiresAt: string
  user: string
  roles: string[]
  department: string | null
  /** Display names from GET /api/me (zh-CN), when known. */
  name?: string | null
  departmentName?: string | null
}

/** Margin before expiry at which a token counts as expired: a request sent at the last second would fail. */
const EXPIRY_MARGIN_MS = 30_000

export function readSession(storage: Storage = localStorage, now = Date.now()): Session | null {
  try {
    const s = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null') as Session | null
    if (s && typeof s.token === 'string' && Array.isArray(s.roles) && Date.parse(s.expiresAt) > now + EXPIRY_MARGIN_MS) return s
  } catch {
    /* a corrupt entry counts as signed out */
  }
  return null
}

export function saveSession(s: Session, storage: Storage = localStorage): void {
  storage.setItem(SESSION_KEY, JSON.stringify(s))
}

export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(SESSION_KEY)
}

/** Claims of a JSON Web Token pasted by a user (production identity providers): roles, department, expiry. */
export function sessionFromToken(token: string): Session {
  const payload = token.split('.')[1]
  if (!payload) throw new Error('not a JWT')
  const json = decodeURIComponent(
    atob(payload.replace(/-/g, '+').replace(/_/g, '/'))
      .split('')
      .map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
      .join(''),
  )
  const claims = JSON.parse(json) as Record<string, unknown>
  const roles = ([] as unknown[]).concat(claims.role ?? claims.roles ?? []).map(String)
  return {
    token,
    user: String(claims.name ?? claims.sub ?? 'user'),
    roles,
    department: typeof claims.department === 'string' ? claims.department : null,
    expiresAt: new Date(Number(claims.exp ?? 0) * 1000).toISOString(),
  }
}

/** Only same-site paths: a crafted link must not bounce the user elsewhere after sign-in. */
export function safeReturnUrl(value: string | null | undefined, fallback: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  return value
}
