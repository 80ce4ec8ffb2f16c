import { ApiError } from '@/api/http'
import { translateError, translateFieldError } from '@/api/errors'

type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/**
 * Where a refused form submission goes: the API names the offending `field` (RFC 7807 extension); when the form
 * has that field, its translated message is shown under it, otherwise above the form. Returns both, one empty.
 */
export function placeError(error: unknown, fields: readonly string[], t: Translate, te: Exists): { field: string | null; message: string } {
  const named = error instanceof ApiError && typeof error.extra.field === 'string' ? error.extra.field : null
  // A start's input members come back as input.{name} (input.applicantId): the form knows them by their own names.
  const bare = named?.replace(/^input\./, '') ?? null
  const field = bare ? fields.find((f) => f.toLowerCase() === bare.toLowerCase()) ?? null : null
  return { field, message: field ? translateFieldError(error, field, t, te) : translateError(error, t, te) }
}
