import { get, ApiError } from './http'

/** definitionId -> (material name -> title) of the published processes (GET /api/materials/titles). */
export type MaterialTitleMap = Record<string, Record<string, string>>

/** Empty on a server without the endpoint: names are then shown as they are. */
export async function materialTitles(): Promise<MaterialTitleMap> {
  try {
    return await get<MaterialTitleMap>('/api/materials/titles')
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return {}
    throw e
  }
}
