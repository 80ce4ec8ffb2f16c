import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { inForceText, movedDeadlineName } from '@/utils/holidayMoves'

describe('holiday schedule words', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
    const t = global.t as (k: string, v?: Record<string, unknown>) => string
    const te = (k: string) => global.te(k, locale)

    it(`names every kind of moved deadline in ${locale}, never its code`, () => {
      for (const kind of ['Statutory', 'Step', 'Acknowledgement', 'Delivery', 'Supply']) {
        expect(te(`labels.deadlineKind.${kind.charAt(0).toLowerCase()}${kind.slice(1)}`)).toBe(true)
        expect(movedDeadlineName(t, te, { kind, label: '消防审查' })).not.toBe(kind)
      }
      expect(movedDeadlineName(t, te, { kind: 'Step', label: '消防审查' })).toContain('消防审查')
    })

    it(`reads the version stamp in ${locale}`, () => {
      expect(inForceText(t, '')).toBe(t('holidays.builtIn'))
      expect(inForceText(t, '2027:v3,2028:v1')).not.toContain(':v')
      expect(inForceText(t, '2027:v3')).toContain('2027')
    })
  }
})
