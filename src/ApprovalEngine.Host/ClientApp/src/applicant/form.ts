// Client-side mirror of the server's form rules (the server decides; this only spares a round trip).
export interface FormField {
  name: string
  label: string
  type: 'text' | 'textarea' | 'number' | 'date' | 'phone' | 'projectCode'
  required: boolean
  maxLength?: number | null
  min?: number | null
  max?: number | null
}

/** The i18n key of the first problem with a value, or null when it passes. */
export function fieldProblem(field: FormField, raw: string | undefined): string | null {
  const value = (raw ?? '').trim()
  if (!value) return field.required ? 'applicant.form.required' : null
  const limit = field.maxLength ?? (field.type === 'textarea' ? 2000 : 256)
  if (value.length > limit) return 'applicant.form.tooLong'
  if (field.type === 'number') {
    const n = Number(value)
    if (!Number.isFinite(n) || (field.min != null && n < field.min) || (field.max != null && n > field.max)) return 'applicant.form.number'
  }
  if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'applicant.form.date'
  if (field.type === 'phone' && !/^1[3-9]\d{9}$/.test(value)) return 'applicant.form.phone'
  // The investment project code's shape; the server checks its check character (GB/T 40058).
  if (field.type === 'projectCode' && !/^\d{4}-\d{6}-\d{2}-\d{2}-\d{5}[0-9Xx]$/.test(value)) return 'applicant.form.projectCode'
  return null
}

/** The JSON the server expects: numbers as numbers, empty optional fields left out. */
export function formValues(fields: FormField[], values: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim()
    if (!v) continue
    out[f.name] = f.type === 'number' ? Number(v) : v
  }
  return out
}

/** Problem details of a 400 listing every field ("fields.x") -> { x: message }. */
export function serverFieldErrors(extra: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  const problems = Array.isArray(extra.problems) ? (extra.problems as { field?: string; message?: string }[]) : []
  for (const p of problems) if (p.field?.startsWith('fields.')) out[p.field.slice(7)] = p.message ?? ''
  return out
}

/** Status of an application -> i18n key. */
export function statusKey(status: string): string {
  return `applicant.status.${status}`
}
