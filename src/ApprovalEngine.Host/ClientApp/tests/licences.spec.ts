import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { fieldProblem, type FormField } from '@/applicant/form'
import { messages } from '@/locales'
import { labelOf } from '@/utils/labels'

const projectCode: FormField = { name: 'projectCode', label: '投资项目代码', type: 'projectCode', required: false }

describe('licences, delivery and national codes', () => {
  it('checks the shape of an investment project code (the server checks its check character)', () => {
    expect(fieldProblem(projectCode, '')).toBeNull()
    expect(fieldProblem(projectCode, '2026-320500-89-01-123454')).toBeNull()
    expect(fieldProblem(projectCode, '2026-320500-89-01-12345x')).toBeNull()
    expect(fieldProblem(projectCode, '2026320500890112345')).toBe('applicant.form.projectCode')
    expect(fieldProblem(projectCode, '2026-320500-89-01-1234')).toBe('applicant.form.projectCode')
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
    const te = (k: string) => global.te(k, locale)
    const t = global.t as (k: string, v?: Record<string, unknown>) => string

    it(`words every licence status, reason code, verdict and delivery event in ${locale}`, () => {
      for (const s of ['valid', 'revoked', 'replaced', 'expired', 'invalid']) expect(te(`licences.statuses.${s}`), s).toBe(true)
      for (const c of ['false-commitment', 'obtained-by-fraud', 'issued-in-error', 'conditions-not-met', 'administrative-penalty', 'holder-request', 'information-changed', 'lost-or-damaged', 'other'])
        expect(te(`licences.reasons.${c}`), c).toBe(true)
      for (const code of ['licence-revoked', 'licence-replaced']) expect(labelOf(t, te, 'verifyCode', code)).not.toBe(t('labels.unknown', { code }))
      for (const e of ['LicenceRevoked', 'LicenceReplaced', 'CertificatePosted', 'CertificateDelivered'])
        expect(labelOf(t, te, 'journalEvent', e)).not.toBe(t('labels.unknown', { code: e }))
      expect(labelOf(t, te, 'deadlineKind', 'Delivery')).not.toBe(t('labels.unknown', { code: 'Delivery' }))
      expect(te('menu.licences')).toBe(true)
    })
  }
})
