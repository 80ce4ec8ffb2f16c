import { ApiError } from '@/api/http'
import { placeError } from '@/utils/fieldErrors'

type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

export const TABLET_FIELDS = ['instanceId', 'level', 'comment', 'evaluatorName', 'evaluatorPhone'] as const

/**
 * Where a refused rating goes on the tablet. The API's `validation.field` is one code for every field, so the tablet
 * says what is wrong with that field (an unknown file number, a bad phone) when the locale has a sentence for it.
 */
export function tabletError(error: unknown, t: Translate, te: Exists): { field: string | null; message: string } {
  const placed = placeError(error, TABLET_FIELDS, t, te)
  const specific = `care.tablet.invalid.${placed.field}`
  if (placed.field && error instanceof ApiError && error.code === 'validation.field' && te(specific)) return { field: placed.field, message: t(specific) }
  return placed
}
