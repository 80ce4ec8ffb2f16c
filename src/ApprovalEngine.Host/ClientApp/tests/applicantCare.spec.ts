import { describe, expect, it } from 'vitest'
import { isBadLevel, isPhone, LEVELS, rememberComplaintPhone, rememberedComplaintPhone } from '@/applicant/care'
import { messages } from '@/locales'

describe('applicant service care', () => {
  it('accepts the phones the server accepts (mobile, landline with area code) and nothing else', () => {
    for (const ok of ['13912345678', '0512-66881234', '051266881234', '010-1234567', '+86 139 1234 5678', '139-1234-5678']) expect(isPhone(ok), ok).toBe(true)
    for (const bad of ['12345', '12912345678', '139123456789', '66881234', '0512-668', 'abc']) expect(isPhone(bad), bad).toBe(false)
  })

  it('calls levels 1 and 2 bad reviews, and names every level in both languages', () => {
    expect(LEVELS.filter(isBadLevel)).toEqual([2, 1])
    type Levels = { applicant: { evaluation: { level: Record<number, string> } } }
    const zh = (messages['zh-CN'] as unknown as Levels).applicant
    const en = (messages.en as unknown as Levels).applicant
    expect(LEVELS.map((l) => zh.evaluation.level[l])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    expect(LEVELS.every((l) => !!en.evaluation.level[l])).toBe(true)
  })

  it('remembers the phone of a complaint for this tab only, per number', () => {
    rememberComplaintPhone('TS20251001AAAA0001', '13912345678', sessionStorage)
    expect(rememberedComplaintPhone('TS20251001AAAA0001', sessionStorage)).toBe('13912345678')
    expect(rememberedComplaintPhone('TS20251001AAAA0002', sessionStorage)).toBeNull()
  })
})
