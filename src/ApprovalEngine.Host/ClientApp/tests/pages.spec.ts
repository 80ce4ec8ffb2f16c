import { describe, expect, it } from 'vitest'
import pagesZhCN from '@/locales/pages/zh-CN'
import pagesEn from '@/locales/pages/en'
import { ApiError } from '@/api/http'
import { placeError } from '@/utils/fieldErrors'
import { documentFileName } from '@/api/documents'

type Tree = { [key: string]: unknown }
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`]))

const messages: Record<string, string> = { 'errors.validation_field': '填写的内容有误', 'errors.status_400': '提交的内容有误', 'errors.generic': '操作失败' }
const t = (k: string) => messages[k] ?? k
const te = (k: string) => k in messages

describe('intake, applications and admin pages', () => {
  it('have every message in both languages', () => {
    expect(keys(pagesEn).sort()).toEqual(keys(pagesZhCN).sort())
  })

  it('put a refused field under its own form item, translated', () => {
    const error = new ApiError(400, 'validation.field', 'correlationId must be at most 128 characters.', null, { field: 'correlationId' })
    expect(placeError(error, ['definitionId', 'correlationId'], t, te)).toEqual({ field: 'correlationId', message: '填写的内容有误' })
  })

  it('put a problem naming no field of the form above the form', () => {
    const error = new ApiError(400, 'validation.field', 'bad', null, { field: 'input.somethingElse' })
    expect(placeError(error, ['correlationId'], t, te)).toEqual({ field: null, message: '填写的内容有误' })
    expect(placeError(new Error('boom'), ['correlationId'], t, te).field).toBeNull()
  })

  it('names a downloaded document by its title and number without path characters', () => {
    expect(documentFileName({ title: '受理通知书', number: 'SL2026/0001' })).toBe('受理通知书-SL2026_0001.pdf')
  })
})
