import { get, request } from './http'

/** GET /api/calendar/coverage: years open deadlines reach without official holiday data. */
export interface Coverage {
  firstKnownYear: number
  lastKnownYear: number
  missingYears: number[]
  affectedOpenDeadlines: number
}

export interface HolidayVersion {
  year: number
  version: number
  format: string
  offDays: number
  workDays: number
  sha256: string
  uploadedBy: string
  uploadedAt: string
  current: boolean
  appliedBy: string | null
  appliedAt: string | null
}

export interface CalendarYears {
  firstKnownYear: number
  lastKnownYear: number
  inForce: string
  versions: HolidayVersion[]
}

export interface DeadlineMove {
  deadlineId: string
  instanceId: string
  definitionId: string
  kind: string
  /** The deadline row's own label (a step's title for a step deadline). */
  label: string
  department: string | null
  oldDueDate: string
  newDueDate: string
  fileNumber: string | null
  matter: string | null
}

export interface HolidayPreview {
  year: number
  version: number
  movedDeadlines: number
  moves: DeadlineMove[]
}

/** One problem of a refused upload (the 400's `problems`), e.g. a date outside the year. */
export interface HolidayProblem {
  code: string
  field: string
  date: string | null
  message: string
}

export const coverage = () => get<Coverage>('/api/calendar/coverage')
export const years = () => get<CalendarYears>('/api/calendar/years')

/** The media type the API wants for a schedule file: iCalendar by its extension, holiday-cn JSON otherwise. */
export function scheduleContentType(fileName: string): string {
  return /\.(ics|ical|ifb|icalendar)$/i.test(fileName) ? 'text/calendar' : 'application/json'
}

/** The file's bytes as they are: the server decides whether they are UTF-8 (reading them as text here turned GBK into a misleading answer). */
export const upload = (year: number, fileName: string, bytes: Blob) =>
  request<HolidayVersion>('POST', `/api/calendar/years/${year}`, { raw: { body: bytes, contentType: scheduleContentType(fileName) } })
export const preview = (year: number, version: number) => get<HolidayPreview>(`/api/calendar/years/${year}/versions/${version}/preview`)
export const apply = (year: number, version: number) => request<HolidayPreview>('POST', `/api/calendar/years/${year}/versions/${version}/apply`)
