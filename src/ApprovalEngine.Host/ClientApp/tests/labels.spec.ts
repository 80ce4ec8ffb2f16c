import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { labelOf, normalizeCode, CONFIRM_OUTCOMES, outcomeButtonType } from '@/utils/labels'

function i18n(locale: 'zh-CN' | 'en') {
  const { global } = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en }, missingWarn: false, fallbackWarn: false })
  return { t: global.t as (k: string, v?: Record<string, unknown>) => string, te: (k: string) => global.te(k) }
}

describe('labels of codes', () => {
  const { t, te } = i18n('zh-CN')

  it('normalizes the forms the API uses to one key', () => {
    expect(normalizeCode('NeedsCorrection')).toBe('needsCorrection')
    expect(normalizeCode('on-track')).toBe('onTrack')
    expect(normalizeCode('task.completed')).toBe('task_completed')
    expect(normalizeCode('definition.draft-saved')).toBe('definition_draftSaved')
    expect(normalizeCode('Elsa.FlowFork')).toBe('elsa_FlowFork')
  })

  it('gives every outcome, status and deadline state a Chinese label', () => {
    expect(labelOf(t, te, 'outcome', 'Accepted')).toBe('受理')
    expect(labelOf(t, te, 'outcome', 'NotAccepted')).toBe('不予受理')
    expect(labelOf(t, te, 'outcome', 'CorrectionRequested')).toBe('补正')
    expect(labelOf(t, te, 'outcome', 'Approved')).toBe('通过')
    expect(labelOf(t, te, 'outcome', 'Rejected')).toBe('不通过')
    expect(labelOf(t, te, 'outcome', 'NeedsCorrection')).toBe('需补正')
    expect(labelOf(t, te, 'instanceStatus', 'Running')).toBe('办理中')
    expect(labelOf(t, te, 'instanceStatus', 'Finished')).toBe('已办结')
    // Waiting on people (a task, a correction) is the normal state of an open application, not a pause.
    expect(labelOf(t, te, 'instanceStatus', 'Suspended')).toBe('办理中')
    expect(labelOf(t, te, 'deadlineState', 'on-track')).toBe('正常')
    expect(labelOf(t, te, 'deadlineState', 'overdue')).toBe('已超期')
    expect(labelOf(t, te, 'auditAction', 'task.completed')).toBe('办结环节')
    expect(labelOf(t, te, 'auditAction', 'definition.draft-saved')).toBe('保存流程草稿')
    expect(labelOf(t, te, 'activityType', 'Elsa.FlowFork')).toBe('并行分支')
  })

  it('shows an unknown code as "other" with the code, never blank', () => {
    expect(labelOf(t, te, 'outcome', 'Escalated')).toBe('其他（Escalated）')
    expect(labelOf(t, te, 'outcome', null)).toBe('')
  })

  it('has the same keys in English', () => {
    const e = i18n('en')
    expect(labelOf(e.t, e.te, 'outcome', 'NeedsCorrection')).toBe('Needs correction')
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]))
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('asks for confirmation before outcomes that end or send back an application', () => {
    expect(CONFIRM_OUTCOMES.has('NotAccepted')).toBe(true)
    expect(CONFIRM_OUTCOMES.has('NeedsCorrection')).toBe(true)
    expect(CONFIRM_OUTCOMES.has('Approved')).toBe(false)
    expect(outcomeButtonType('Rejected')).toBe('danger')
    expect(outcomeButtonType('Approved')).toBe('primary')
  })
})
