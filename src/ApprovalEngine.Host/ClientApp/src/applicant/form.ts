// Client-side mirror of the server's form rules (the server decides; this only spares a round trip).
import { chinaToday } from '@/utils/chinaDate'
export interface FormField {
  name: string
  label: string
  type: 'text' | 'textarea' | 'number' | 'date' | 'phone' | 'projectCode'
  required: boolean
  maxLength?: number | null
  min?: number | null
  max?: number | null
  /** A date not before the day the form is sent (China's date). */
  notPast?: boolean
}

/** A message to show under a field: an i18n key and the limits it states. */
export interface FieldError {
  key: string
  params?: Record<string, string | number>
}

/** The server's length limit: the field's maxLength, else 2000 for a textarea and 256 for anything else. */
export function lengthLimit(field: FormField): number {
  return field.maxLength ?? (field.type === 'textarea' ? 2000 : 256)
}

// The server refuses control characters (a pasted tab or line break) everywhere but in a textarea.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** The number-range message, stating whichever bounds the field declares. */
export function numberRange(field: FormField): FieldError {
  if (field.min != null && field.max != null) return { key: 'applicant.form.numberBetween', params: { min: field.min, max: field.max } }
  if (field.min != null) return { key: 'applicant.form.numberMin', params: { min: field.min } }
  if (field.max != null) return { key: 'applicant.form.numberMax', params: { max: field.max } }
  return { key: 'applicant.form.number' }
}

/** A real calendar day in the server's years (DateOnly yyyy-MM-dd, 1900-2199); 2026-02-30 is not one. */
function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const day = new Date(Date.UTC(y, mo - 1, d))
  return y >= 1900 && y <= 2199 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d
}

/** The first problem with a value (message key and the limits it names), or null when it passes. */
export function fieldError(field: FormField, raw: string | undefined, today: string = chinaToday()): FieldError | null {
  const value = (raw ?? '').trim()
  if (!value) return field.required ? { key: 'applicant.form.required' } : null
  const limit = lengthLimit(field)
  if (value.length > limit) return { key: 'applicant.form.tooLong', params: { max: limit } }
  if (field.type !== 'textarea' && CONTROL.test(value)) return { key: 'applicant.form.control' }
  if (field.type === 'number') {
    const n = Number(value)
    if (!Number.isFinite(n) || (field.min != null && n < field.min) || (field.max != null && n > field.max)) return numberRange(field)
  }
  if (field.type === 'date' && !isDate(value)) return { key: 'applicant.form.date' }
  // yyyy-MM-dd strings compare as the days they name.
  if (field.type === 'date' && field.notPast && value < today) return { key: 'applicant.form.notPast', params: { today } }
  if (field.type === 'phone' && !/^1[3-9]\d{9}$/.test(value)) return { key: 'applicant.form.phone' }
  // The investment project code's shape; the server checks its year, area code and check character (GB/T 40058).
  if (field.type === 'projectCode' && !/^\d{4}-\d{6}-\d{2}-\d{2}-\d{5}[0-9Xx]$/.test(value)) return { key: 'applicant.form.projectCode' }
  return null
}

/** The i18n key of the first problem with a value, or null when it passes. */
export function fieldProblem(field: FormField, raw: string | undefined): string | null {
  return fieldError(field, raw)?.key ?? null
}

/**
 * Why the server refused a field, in the applicant's language: the server's own message is English for developers,
 * so the reason is found again from the value sent and the field's declared type. What only the server can check
 * (a project code's check character, say) falls to the type's message.
 */
export function serverFieldError(field: FormField, raw: string | undefined): FieldError {
  const local = fieldError(field, raw)
  if (local) return local
  switch (field.type) {
    case 'number': return numberRange(field)
    case 'date': return { key: 'applicant.form.date' }
    case 'phone': return { key: 'applicant.form.phone' }
    case 'projectCode': return { key: 'applicant.form.projectCodeCheck' }
    default: return { key: 'applicant.form.invalid' }
  }
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

/**
 * The form fields a 400 `validation.field` names: `field` (the first at fault) and every entry of `problems`
 * ([{field, message}]) or `errors` (a list like problems, or an object keyed by field), "fields.x" -> "x".
 * The messages are not kept: they are the server's English.
 */
export function serverFieldNames(extra: Record<string, unknown>): string[] {
  const named: unknown[] = [extra.field]
  for (const list of [extra.problems, extra.errors]) {
    if (Array.isArray(list)) named.push(...list.map((p) => (p as { field?: unknown } | null)?.field))
    else if (list && typeof list === 'object') named.push(...Object.keys(list))
  }
  const out: string[] = []
  for (const f of named) if (typeof f === 'string' && f.startsWith('fields.') && !out.includes(f.slice(7))) out.push(f.slice(7))
  return out
}

/** Status of an application -> i18n key. */
export function statusKey(status: string): string {
  return `applicant.status.${status}`
}

/** Its tag's colour: a grant green, a refusal or an end the office made red, a withdrawal or a plain end grey, waiting on the applicant orange, the rest blue. */
export function statusTone(status: string): 'primary' | 'success' | 'danger' | 'warning' | 'default' {
  if (status === 'approved') return 'success'
  if (['denied', 'notAccepted', 'terminated', 'revoked'].includes(status)) return 'danger'
  if (status === 'withdrawn' || status === 'ended') return 'default'
  return status === 'awaitingCorrection' ? 'warning' : 'primary'
}
