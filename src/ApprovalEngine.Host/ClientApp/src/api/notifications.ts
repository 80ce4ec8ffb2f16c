import { get } from './http'

export interface Notification {
  id: string
  topic: string
  recipient: string
  instanceId: string | null
  payload: Record<string, unknown>
  createdAt: string
}

const LAST_READ_PREFIX = 'approvalengine.notifications.read.'

export async function listNotifications(): Promise<Notification[]> {
  const rows = await get<{ id: string; topic: string; recipient: string; instanceId: string | null; payloadJson?: string; payload?: Record<string, unknown>; createdAt: string }[]>('/api/notifications')
  return rows.map((r) => ({ id: r.id, topic: r.topic, recipient: r.recipient, instanceId: r.instanceId, createdAt: r.createdAt, payload: r.payload ?? parse(r.payloadJson) }))
}

function parse(json: string | undefined): Record<string, unknown> {
  try {
    return json ? (JSON.parse(json) as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** Unread = newer than the moment the user last opened the centre (kept per user in localStorage). */
export function unreadCount(items: Notification[], user: string, storage: Storage = localStorage): number {
  const since = Date.parse(storage.getItem(LAST_READ_PREFIX + user) ?? '') || 0
  return items.filter((n) => Date.parse(n.createdAt) > since).length
}

export function markAllRead(user: string, at: Date = new Date(), storage: Storage = localStorage): void {
  storage.setItem(LAST_READ_PREFIX + user, at.toISOString())
}
