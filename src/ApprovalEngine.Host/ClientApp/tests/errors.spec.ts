import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { ApiError, toApiError, buildUrl } from '@/api/http'
import { errorKey, translateError } from '@/api/errors'

const { global } = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en }, missingWarn: false, fallbackWarn: false })
const t = global.t as (k: string, v?: Record<string, unknown>) => string
const te = (k: string) => global.te(k)

describe('API error translation', () => {
  it('translates a known code', () => {
    expect(errorKey('task.claimed-by-other')).toBe('errors.task_claimed-by-other')
    expect(translateError(new ApiError(409, 'task.claimed-by-other', 'Task x is claimed by li.'), t, te)).toBe('该事项已被其他人签收')
    expect(translateError(new ApiError(400, 'reasons.required', 'An opinion is required.'), t, te)).toContain('必须填写理由')
  })

  it('falls back to the status sentence with the English detail for an unknown code', () => {
    expect(translateError(new ApiError(409, 'task.something-new', 'Detail in English.'), t, te)).toBe('操作冲突：该事项已被处理或已被他人签收（Detail in English.）')
    expect(translateError(new ApiError(418, null, null), t, te)).toBe('操作失败（418）')
  })

  it('says the server cannot be reached without a technical detail', () => {
    expect(translateError(new ApiError(0, 'network', 'The server cannot be reached.'), t, te)).toBe('无法连接服务器，请检查网络')
    expect(translateError(new Error('boom'), t, te)).toBe('发生意外错误，请稍后重试')
  })

  it('reads a problem details body', async () => {
    const response = new Response(JSON.stringify({ status: 403, title: 'Forbidden', detail: 'Other department.', code: 'task.forbidden-department' }), { status: 403, headers: { 'content-type': 'application/problem+json' } })
    const error = await toApiError(response)
    expect(error.status).toBe(403)
    expect(error.code).toBe('task.forbidden-department')
    expect(translateError(error, t, te)).toBe('该事项不属于您的部门')
  })

  it('builds query strings without empty values', () => {
    expect(buildUrl('/api/tasks', { q: '', view: 'mine', page: 0, desc: undefined, ids: ['a', 'b'] })).toBe('/api/tasks?view=mine&page=0&ids=a&ids=b')
  })
})
