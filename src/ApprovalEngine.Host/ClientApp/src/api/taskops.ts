import { get, post, request } from './http'

/** 中国式审批 task operations (POST /api/tasks/{id}/transfer|delegate|copy|urge|return|withdraw). */
export const transferTask = (id: string, body: { toUser?: string; toDepartment?: string; reason?: string }) => post(`/api/tasks/${id}/transfer`, body)
export const delegateTask = (id: string, body: { toUser: string; reason?: string }) => post(`/api/tasks/${id}/delegate`, body)
export const copyTask = (id: string, body: { users?: string[]; departments?: string[]; note?: string }) => post(`/api/tasks/${id}/copy`, body)
export const urgeTask = (id: string, body: { message?: string }) => post(`/api/tasks/${id}/urge`, body)
export const returnTask = (id: string, body: { to: string; reason: string; materials?: string[] }) => post(`/api/tasks/${id}/return`, body)
export const withdrawTask = (id: string, body: { reason?: string }) => post(`/api/tasks/${id}/withdraw`, body)

export interface TaskCopy {
  id: string
  taskId: string
  instanceId: string
  recipient: string
  toDepartment: boolean
  sentBy: string
  sentAt: string
  note: string | null
  readAt: string | null
  readBy: string | null
}
export const listCopies = (unread = false) => get<TaskCopy[]>('/api/tasks/copies', { unread: unread || undefined })
export const readCopy = (id: string) => post<TaskCopy>(`/api/tasks/copies/${id}/read`)

export interface Staff {
  id: string
  name: string
  departments: string[]
  positions: string[]
  active: boolean
}
export interface DepartmentEntry {
  code: string
  name: string
  nameEn: string | null
  parent: string | null
  head: string | null
  headName?: string | null
}
export interface Substitute {
  id: string
  staffId: string
  staffName: string | null
  substituteId: string
  substituteName: string | null
  from: string
  to: string
  reason: string | null
}

export const listStaff = (department?: string) => get<Staff[]>('/api/directory/staff', { department })
export const listDepartments = () => get<DepartmentEntry[]>('/api/directory/departments')
export const listSubstitutes = () => get<Substitute[]>('/api/directory/substitutes')
export const saveDepartment = (d: DepartmentEntry, create: boolean) =>
  create ? post<DepartmentEntry>('/api/directory/departments', d) : request<DepartmentEntry>('PUT', `/api/directory/departments/${d.code}`, { body: d })
export const deleteDepartment = (code: string) => request<void>('DELETE', `/api/directory/departments/${code}`)
export const saveStaff = (s: Staff, create: boolean) =>
  create ? post<Staff>('/api/directory/staff', s) : request<Staff>('PUT', `/api/directory/staff/${s.id}`, { body: s })
export const createSubstitute = (s: { staffId: string; substituteId: string; from: string; to: string; reason?: string }) => post<Substitute>('/api/directory/substitutes', s)
export const deleteSubstitute = (id: string) => request<void>('DELETE', `/api/directory/substitutes/${id}`)
