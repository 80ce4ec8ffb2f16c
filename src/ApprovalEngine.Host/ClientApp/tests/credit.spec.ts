import { describe, expect, it } from 'vitest'
import acceptanceZhCN from '@/locales/acceptance/zh-CN'
import acceptanceEn from '@/locales/acceptance/en'
import calendarZhCN from '@/locales/calendar/zh-CN'
import { ApiError } from '@/api/http'
import { placeError } from '@/utils/fieldErrors'
import { labelOf } from '@/utils/labels'
import { canUse, sectionsFor } from '@/utils/roles'

type Tree = { [key: string]: unknown }
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`]))

describe('bad-credit list page', () => {
  it('has every message in both languages', () => {
    expect(keys(acceptanceEn).sort()).toEqual(keys(acceptanceZhCN).sort())
  })

  it('is in the menu of admins, clerks and auditors only', () => {
    for (const role of ['admin', 'clerk', 'auditor']) expect(sectionsFor([role]).map((s) => s.id)).toContain('credit')
    for (const role of ['reviewer', 'designer']) expect(sectionsFor([role]).map((s) => s.id)).not.toContain('credit')
    expect(canUse(['clerk'], ['admin'])).toBe(false) // the add form and the remove button are the admin's
  })

  it('puts a refused credit code under its field', () => {
    const error = new ApiError(400, 'validation.field', "'subjectId' must be a unified social credit code", null, { field: 'subjectId' })
    const t = (k: string) => (k === 'errors.validation_field' ? '填写的内容有误' : k)
    const te = (k: string) => k === 'errors.validation_field'
    expect(placeError(error, ['subjectId', 'subjectName', 'reason', 'validUntil'], t, te).field).toBe('subjectId')
  })

  it('labels a moved 容缺 supply deadline in the holiday preview', () => {
    const messages = calendarZhCN as unknown as { labels: { deadlineKind: Record<string, string> } }
    const t = (k: string) => (k === 'labels.deadlineKind.supply' ? messages.labels.deadlineKind.supply : k)
    const te = (k: string) => k === 'labels.deadlineKind.supply'
    expect(labelOf(t, te, 'deadlineKind', 'Supply')).toBe('容缺材料补齐期限')
  })
})
