import { get, ApiError } from './http'

export interface Department {
  code: string
  name: string
  nameEn: string | null
  head: string | null
}

/** GET /api/directory/departments (contract item 2); an empty list on a server without it. */
export async function departments(): Promise<Department[]> {
  try {
    return await get<Department[]>('/api/directory/departments')
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return []
    throw e
  }
}
