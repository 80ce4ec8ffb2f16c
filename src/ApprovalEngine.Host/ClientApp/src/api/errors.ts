import { ApiError } from './http'

type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** i18n key of an error code: dots and dashes kept, so `task.claimed-by-other` is `errors["task.claimed-by-other"]`. */
export function errorKey(code: string): string {
  return `errors.${code.replace(/\./g, '_')}`
}

/**
 * The message a person sees for a failed call: the translation of the problem's `code` when the locale has one,
 * else a sentence by HTTP status with the server's English `detail` (never a blank or a stack trace).
 */
export function translateError(error: unknown, t: Translate, te: Exists): string {
  if (error instanceof ApiError) {
    if (error.code && te(errorKey(error.code))) return t(errorKey(error.code))
    const byStatus = `errors.status_${error.status}`
    const base = te(byStatus) ? t(byStatus) : t('errors.generic', { status: error.status })
    return error.detail && error.code !== 'network' ? `${base}（${error.detail}）` : base
  }
  return t('errors.unexpected')
}

/**
 * i18n key of a refusal that names a form field: `errors.fields.toUser.validation_field`. The same code means different
 * things on different fields ("validation.field" on `toUser` is a person who cannot take the work), so the field picks the words.
 */
export function fieldErrorKey(field: string, code: string): string {
  return `errors.fields.${field}.${code.replace(/\./g, '_')}`
}

/** The message for a refusal shown under `field`: the field's own words for the code when the locale has them, else translateError. */
export function translateFieldError(error: unknown, field: string, t: Translate, te: Exists): string {
  if (error instanceof ApiError && error.code && te(fieldErrorKey(field, error.code))) return t(fieldErrorKey(field, error.code))
  return translateError(error, t, te)
}
