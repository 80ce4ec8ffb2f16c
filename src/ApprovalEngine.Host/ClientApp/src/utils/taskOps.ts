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
