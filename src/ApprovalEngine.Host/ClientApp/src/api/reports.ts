import { get, ApiError } from './http'

export interface StepAverage {
  key: string
  count: number
  averageWorkingDays: number
}

export interface Timeliness {
  from: string
  to: string
  completed: number
  onTime: number
  completedAhead: number
  onTimeRate: number
  completedAheadRate: number
  averageWorkingDaysPerStep: StepAverage[]
  averageWorkingDaysPerDepartment: StepAverage[]
  overdue: { deadlineId: string; instanceId: string; kind: string; label: string; department: string | null; dueDate: string; workingDaysOverdue: number }[]
}

export interface Workload {
  byDepartment: { department: string; departmentName: string | null; open: number; claimed: number; warning: number; overdue: number }[]
  byStep: { definitionId: string; definitionName: string | null; stepName: string; open: number; warning: number; overdue: number }[]
  atRisk: number
  overdue: number
}

export interface TrendMonth {
  month: string
  completed: number
  onTime: number
  ahead: number
  overdue: number
  averageWorkingDays: number
}

/** 办结结果: a process's applications concluded in the period, by how they came out. */
export interface ProcessOutcomes {
  definitionId: string
  definitionName: string
  approved: number
  denied: number
  notAccepted: number
  withdrawn: number
  terminated: number
  revoked: number
  ended: number
  total: number
}

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}

export const timeliness = (from: string, to: string) => get<Timeliness>('/api/reports/timeliness', { from, to })
/** Contract item 7; null on a server without it (the chart says so, it never invents numbers). */
export const workload = () => orNull(get<Workload>('/api/dashboard/workload'))
export const trend = (from: string, to: string) => orNull(get<TrendMonth[]>('/api/reports/trend', { from, to }))
export const outcomes = (from: string, to: string) => orNull(get<ProcessOutcomes[]>('/api/reports/outcomes', { from, to }))
