import { get, post, ApiError } from './http'

export interface DemoUser {
  user: string
  role: string
  department: string | null
  description: string
  /** zh-CN display name, when the server has one */
  name?: string | null
  /** zh-CN name of the department, when the server has one */
  departmentName?: string | null
}

export interface DevToken {
  token: string
  expiresAt: string
}

export interface Me {
  user: string
  name: string | null
  roles: string[]
  department: string | null
  departmentName: string | null
}

/** Development sign-in's users; null when development sign-in is off (404): production uses the identity provider. */
export async function demoUsers(): Promise<DemoUser[] | null> {
  try {
    return await get<DemoUser[]>('/api/dev/users', undefined, { anonymous: true })
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}

export const devToken = (user: string, roles: string[], department: string | null) =>
  post<DevToken>('/api/dev/token', { user, roles, department }, { anonymous: true })

/** GET /api/me (contract item 1); null on a server without it. */
export async function me(): Promise<Me | null> {
  try {
    return await get<Me>('/api/me')
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}
