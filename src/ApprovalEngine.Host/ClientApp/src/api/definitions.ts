import { get, post } from './http'

export interface DefinitionSummary {
  definitionId: string
  id: string
  version: number
  name: string
  description: string | null
  state: string
  isLatest: boolean
  isPublished: boolean
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  updatedBy: string | null
}

export const listDefinitions = () => get<DefinitionSummary[]>('/api/definitions')
export const listVersions = (definitionId: string) => get<DefinitionSummary[]>(`/api/definitions/${encodeURIComponent(definitionId)}/versions`)
export const publishLatest = (definitionId: string) => post(`/api/definitions/${encodeURIComponent(definitionId)}/publish`)
/** Contract item 8: publish (roll back to) an earlier version. */
export const publishVersion = (definitionId: string, version: number) => post(`/api/definitions/${encodeURIComponent(definitionId)}/versions/${version}/publish`)
export const retract = (definitionId: string) => post(`/api/definitions/${encodeURIComponent(definitionId)}/retract`)

/** Activity id -> the name the designer gave it (display text), anywhere in a definition's model: steps are shown by name, never by id. */
export async function activityNames(definitionId: string): Promise<Record<string, string>> {
  const names: Record<string, string> = {}
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    const o = node as Record<string, unknown>
    const meta = (o.metadata as { designer?: { displayText?: unknown } } | undefined)?.designer?.displayText
    const name = typeof meta === 'string' && meta ? meta : typeof o.name === 'string' ? o.name : ''
    if (typeof o.id === 'string' && typeof o.type === 'string' && name) names[o.id] = name
    Object.values(o).forEach(visit)
  }
  visit(await get<unknown>(`/api/definitions/${encodeURIComponent(definitionId)}`))
  return names
}

/** The processes with a service guide (办事指南): what an applicant can apply for (GET /api/public/guides); null on a server without it. */
export async function guidedDefinitionIds(): Promise<Set<string> | null> {
  try {
    return new Set((await get<{ definitionId: string }[]>('/api/public/guides', undefined, { anonymous: true })).map((g) => g.definitionId))
  } catch {
    return null
  }
}
