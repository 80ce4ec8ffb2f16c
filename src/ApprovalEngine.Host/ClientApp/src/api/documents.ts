import { get, fetchBlob } from './http'

/** An official document of an application (GET /api/instances/{id}/documents): notices, decision letters, the certificate. */
export interface OfficialDocument {
  key: string
  kind: string
  title: string
  number: string
  /** Sealed already; a notice or letter not yet issued is sealed by its first download. */
  issued: boolean
  downloadUrl: string
}

const enc = encodeURIComponent

export const listDocuments = (instanceId: string) => get<OfficialDocument[]>(`/api/instances/${enc(instanceId)}/documents`)
export const documentPdf = (instanceId: string, key: string) => fetchBlob(`/api/instances/${enc(instanceId)}/documents/${enc(key)}/pdf`)

/** The file name a downloaded document gets: its title and number, e.g. 受理通知书-SL20260302ABCD.pdf. */
export function documentFileName(d: Pick<OfficialDocument, 'title' | 'number'>): string {
  return `${d.title}-${d.number}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '_')
}
