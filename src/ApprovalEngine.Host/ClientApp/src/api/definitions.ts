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
