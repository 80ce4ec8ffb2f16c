import { get, post } from './http'

/** The Art. 44 clock of one certificate (the same shape as the application's deadlines). */
export interface DeliveryClock { dueDate: string; workingDaysLeft: number; workingDaysUsed: number; state: string; completedOnTime: boolean | null; outcome: string | null }

/** One certificate of the application and how it reaches the holder (GET /api/instances/{id}/delivery). */
export interface Delivery {
  certificateNumber: string
  /** window | express, null until recorded */
  method: string | null
  recipient: string | null
  phone: string | null
  address: string | null
  courier: string | null
  trackingNumber: string | null
  postedOn: string | null
  deliveredOn: string | null
  recordedBy: string | null
  recordedAt: string | null
  deadline: DeliveryClock | null
}

export interface DeliveryInput {
  certificateNumber?: string
  method: string
  recipient?: string
  phone?: string
  address?: string
  courier?: string
  trackingNumber?: string
  postedOn?: string
  deliveredOn?: string
}

const enc = encodeURIComponent
export const listDeliveries = (instanceId: string) => get<Delivery[]>(`/api/instances/${enc(instanceId)}/delivery`)
export const recordDelivery = (instanceId: string, input: DeliveryInput) => post<Delivery[]>(`/api/instances/${enc(instanceId)}/delivery`, input)
