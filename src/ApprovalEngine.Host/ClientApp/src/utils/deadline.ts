/** Deadline standing as the UI colours it. The API says onTrack|warning|overdue|none (tasks) or on-track|warning|overdue|paused|completed (clock). */
export type DeadlineState = 'onTrack' | 'warning' | 'overdue' | 'paused' | 'completed' | 'none'

export function normalizeDeadlineState(state: string | null | undefined): DeadlineState {
  switch ((state ?? '').replace(/[-_\s]/g, '').toLowerCase()) {
    case 'ontrack':
      return 'onTrack'
    case 'warning':
      return 'warning'
    case 'overdue':
      return 'overdue'
    case 'paused':
      return 'paused'
    case 'completed':
      return 'completed'
    default:
      return 'none'
  }
}

/**
 * The state of a task's deadline: the server's word when it gives one; else from the working days left (an older
 * server): overdue below zero, warning at or below the warning share of the limit (default 20 % left, at least 1 day).
 */
export function deadlineState(task: { deadlineState?: string | null; workingDaysLeft?: number | null; isOverdue?: boolean; deadlineWorkingDays?: number | null; status?: string }): DeadlineState {
  if (task.status === 'completed') return 'completed'
  const given = normalizeDeadlineState(task.deadlineState)
  if (given !== 'none') return given
  if (task.isOverdue) return 'overdue'
  const left = task.workingDaysLeft
  if (left === null || left === undefined) return 'none'
  if (left < 0) return 'overdue'
  const limit = task.deadlineWorkingDays ?? 0
  if (left <= Math.max(1, Math.floor(limit * 0.2))) return 'warning'
  return 'onTrack'
}

/** Element Plus tag type of a deadline state. */
export function deadlineTagType(state: DeadlineState): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  return state === 'overdue' ? 'danger' : state === 'warning' ? 'warning' : state === 'onTrack' ? 'success' : state === 'paused' ? 'primary' : 'info'
}

/** The years the server's holiday data covers (holiday-cn). A deadline beyond them is counted by weekends only. */
export const HOLIDAY_DATA_YEARS = { first: 2020, last: 2026 }

/** True when a due date lies in a year without official holiday data: the UI shows a visible warning. */
export function outsideHolidayData(date: string | null | undefined, known = HOLIDAY_DATA_YEARS): boolean {
  if (!date) return false
  const year = Number(date.slice(0, 4))
  return Number.isFinite(year) && (year < known.first || year > known.last)
}

/**
 * The clock of an application waiting for the applicant: a correction sent before acceptance has no statutory clock
 * yet (the API answers no pause date and no days), which is "not started", not "paused with 0 days left".
 */
export function awaitingClock(row: { clockPausedSince: string | null; workingDaysUsed: number | null; workingDaysLeft: number | null }): 'notStarted' | 'paused' {
  return row.clockPausedSince === null && row.workingDaysUsed === null && row.workingDaysLeft === null ? 'notStarted' : 'paused'
}

/**
 * How many working days the statutory clock can still be extended by (its maximum less what was granted), or null
 * without a running statutory clock: the 延长 control is capped by it instead of sending a request the API refuses.
 */
export function extensionRoom(deadlines: readonly { kind: string; completedAt: string | null; extensionWorkingDays: number; maxExtensionWorkingDays: number }[]): number | null {
  const statutory = deadlines.find((d) => d.kind.toLowerCase() === 'statutory' && !d.completedAt)
  return statutory ? Math.max(0, statutory.maxExtensionWorkingDays - statutory.extensionWorkingDays) : null
}
