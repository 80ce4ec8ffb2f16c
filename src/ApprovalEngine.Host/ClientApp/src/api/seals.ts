import { get, post } from './http'

export interface SealKey {
  id: string
  version: number
  publicKey: string
  validFrom: string
  validUntil: string | null
}

export interface Seal {
  id: string
  name: string
  department: string
  departments: string[]
  profile: string
  currentKeyId: string
  keys: SealKey[]
  createdAt: string
  createdBy: string
  revokedAt: string | null
  revocationReason: string | null
}

export interface NewSeal {
  department: string
  name: string
  profile: 'sm2' | 'ecdsa-p256'
  departments: string[]
}

const enc = encodeURIComponent

export const listSeals = () => get<Seal[]>('/api/seals')
export const createSeal = (seal: NewSeal) => post<Seal>('/api/seals', seal)
export const rotateSeal = (id: string) => post<Seal>(`/api/seals/${enc(id)}/rotate`)
export const revokeSeal = (id: string, reason: string) => post<Seal>(`/api/seals/${enc(id)}/revoke`, { reason })
