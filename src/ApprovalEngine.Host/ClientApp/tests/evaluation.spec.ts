import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { ApiError } from '@/api/http'
import { LEVELS, isBadLevel } from '@/applicant/care'
import { tabletError } from '@/utils/evaluation'

function i18n(locale: 'zh-CN' | 'en') {
  const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
  return { t: global.t as (k: string, v?: Record<string, unknown>) => string, te: (k: string) => global.te(k) }
}

const refused = (field: string, code = 'validation.field', status = 400) =>
  new ApiError(status, code, `'${field}' is wrong.`, 'Bad request', { field })

describe('the window tablet', () => {
  it('offers the five levels best first, with their Chinese and English names', () => {
    const zh = i18n('zh-CN')
    const english = i18n('en')
    expect(LEVELS.map((l) => zh.t(`care.levels.${l}`))).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    expect(LEVELS.map((l) => english.t(`care.levels.${l}`))).toEqual(['Very satisfied', 'Satisfied', 'Fair', 'Dissatisfied', 'Very dissatisfied'])
    expect(LEVELS.filter(isBadLevel)).toEqual([2, 1])
  })

  it('says what is wrong with the field the API names', () => {
    const { t, te } = i18n('zh-CN')
    expect(tabletError(refused('instanceId'), t, te)).toEqual({ field: 'instanceId', message: '未找到该办件，请核对办件编号' })
    expect(tabletError(refused('evaluatorPhone'), t, te)).toEqual({ field: 'evaluatorPhone', message: '手机号码格式有误' })
    expect(tabletError(refused('evaluatorPhone'), i18n('en').t, i18n('en').te).message).toBe('The mobile number is not valid')
  })

  it('puts a refusal that names no tablet field above the form, translated by its code', () => {
    const { t, te } = i18n('zh-CN')
    expect(tabletError(refused('channel', 'evaluation.exists', 409), t, te)).toEqual({ field: null, message: '该办件已评价过' })
  })
})
