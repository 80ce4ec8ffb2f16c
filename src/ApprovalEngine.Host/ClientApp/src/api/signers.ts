import { get, post } from './http'

/** 加签 / 减签 (POST /api/tasks/{id}/signers, /signers/remove; GET /api/tasks/{id}/signers). */
export type SignMode = 'before' | 'after' | 'parallel'
export interface AddedSigner {
  id: string
  status: string
  claimedBy: string | null
  assignedFor: string | null
  signMode: SignMode | null
  outcome: string | null
  opinion: string | null
}
export const listSigners = (taskId: string) => get<AddedSigner[]>(`/api/tasks/${taskId}/signers`)
export const addSigners = (taskId: string, body: { users: string[]; mode: SignMode; reason?: string }) => post<AddedSigner[]>(`/api/tasks/${taskId}/signers`, body)
export const removeSigner = (taskId: string, body: { signerTaskId: string; reason?: string }) => post<AddedSigner>(`/api/tasks/${taskId}/signers/remove`, body)
