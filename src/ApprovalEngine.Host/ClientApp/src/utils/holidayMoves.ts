import type { DeadlineMove } from '@/api/calendar'

type T = (key: string, values?: Record<string, unknown>) => string
type Te = (key: string) => boolean

/** The deadline a holiday schedule moves, in the reader's language: its kind, and a step's deadline by its step. */
export function movedDeadlineName(t: T, te: Te, move: Pick<DeadlineMove, 'kind' | 'label'>): string {
  const key = `labels.deadlineKind.${move.kind.charAt(0).toLowerCase()}${move.kind.slice(1)}`
  const kind = te(key) ? t(key) : move.kind
  return move.kind === 'Step' && move.label ? `${kind}（${move.label}）` : kind
}

/** A version stamp as the calendar reports it ("2027:v3,2028:v1"; empty: the data built into the host) for people. */
export function inForceText(t: T, stamp: string): string {
  const versions = stamp.split(',').map((s) => s.trim()).filter(Boolean)
  if (!versions.length) return t('holidays.builtIn')
  return versions.map((v) => {
    const [year, version] = v.split(':v')
    return version ? t('holidays.yearVersion', { year, version }) : v
  }).join('、')
}
