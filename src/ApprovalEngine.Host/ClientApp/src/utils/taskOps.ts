/** A task operation (更多操作) and what its dialog holds. */
export type TaskOp = 'transfer' | 'delegate' | 'copy' | 'urge' | 'return' | 'withdraw'

export interface TaskOpForm {
  mode: 'person' | 'dept'
  user: string
  department: string
  users: string[]
  departments: string[]
  reason: string
  to: string
  materials: string[]
}

/**
 * The fields an operation cannot go without, as the dialog labels them (i18n keys under `ops.`), so the person is told
 * which one before anything is sent: the server refuses the same and its answer only names the field by its API name.
 */
export function missingOpFields(op: TaskOp, form: TaskOpForm): string[] {
  const blank = (s: string) => !s.trim()
  switch (op) {
    case 'transfer':
      return form.mode === 'person' ? (blank(form.user) ? ['toUser'] : []) : blank(form.department) ? ['toDepartment'] : []
    case 'delegate':
      return blank(form.user) ? ['toUser'] : []
    case 'copy':
      return form.users.length || form.departments.length ? [] : ['copyTo']
    case 'return': {
      const missing: string[] = []
      if (blank(form.to)) missing.push('returnTo')
      if (form.to === 'applicant' && !form.materials.some((m) => m.trim())) missing.push('materials')
      if (blank(form.reason)) missing.push('reason')
      return missing
    }
    default:
      return []
  }
}

/** A directory entry as the pickers read it. */
export interface StaffLike {
  id: string
  name: string
  departments: string[]
  active: boolean
}

/**
 * The people a task can be handed to (转办, 委派, 加签): active staff with a department. The API routes work into a
 * department's inbox and refuses anyone without one (admin, auditor, designer); `exclude` drops the user and the holder,
 * to whom handing the task over means nothing.
 */
export function assignableStaff<T extends StaffLike>(staff: readonly T[], exclude: readonly (string | null | undefined)[]): T[] {
  const out = new Set(exclude.filter((x): x is string => !!x))
  return staff.filter((s) => s.active && s.departments.length > 0 && !out.has(s.id))
}

/** A person as a picker shows them: 王静（政务服务中心综合受理窗口）, told from a namesake by department, never by sign-in id. */
export function staffLabel(s: StaffLike, deptName: (code: string) => string, format: (name: string, where: string) => string, separator = '、'): string {
  const where = s.departments.map(deptName).join(separator)
  return where ? format(s.name, where) : s.name
}

/** What an added signer's task (加签) carries in its context: how it was added, by whom, for which task. */
export interface AddedSignerTask {
  mode: string
  requester: string | null
  ownerTaskId: string | null
}

export function addedSignerOf(task: { context: Record<string, unknown> | null }): AddedSignerTask | null {
  const ctx = task.context ?? {}
  if (typeof ctx.signMode !== 'string' || !ctx.signMode) return null
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null)
  return { mode: ctx.signMode, requester: text(ctx.addedBy), ownerTaskId: text(ctx.ownerTaskId) }
}

/**
 * The added signers of `owner` who have not answered yet, among the tasks at hand (the worklist's page): the fallback for
 * a card without the server's `waitingSigners` (which the office's tabs carry), so only the signers whose own tasks the
 * user can see are known here.
 */
export function pendingSignersOf(owner: { id: string }, tasks: readonly { status: string; claimedBy: string | null; context: Record<string, unknown> | null }[]): string[] {
  return tasks
    .filter((x) => x.status !== 'completed' && addedSignerOf(x)?.ownerTaskId === owner.id)
    .map((x) => (typeof x.context?.signer === 'string' ? x.context.signer : x.claimedBy))
    .filter((x): x is string => !!x)
}
