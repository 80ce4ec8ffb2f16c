import { ApiError } from '@/api/http'
import { errorKey } from '@/api/errors'

type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/**
 * The message an applicant sees for a failed call: the translation of the problem's `code`, else a sentence by HTTP
 * status. Unlike the office's translateError it never appends the server's `detail`: that is English written for
 * developers and staff, not for a citizen.
 */
export function applicantError(error: unknown, t: Translate, te: Exists): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected')
  if (error.code && te(errorKey(error.code))) return t(errorKey(error.code))
  const byStatus = `errors.status_${error.status}`
  return te(byStatus) ? t(byStatus) : t('errors.generic', { status: error.status })
}

/** 404: the application is unknown or another subject's (the API answers both alike). */
export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404
