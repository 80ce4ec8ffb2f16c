import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { signOffOf } from '@/views/practice/signOff'

describe('review modes on a task card', () => {
  it('reads a signer task of a countersign, a vote and a level of a chain by position', () => {
    expect(signOffOf({ reviewMode: 'all', signer: 'fire-chen', signerIndex: 2, signers: 3 })).toEqual({ kind: 'signer', mode: 'all', index: 2, count: 3, ratio: null })
    expect(signOffOf({ reviewMode: 'vote', signerIndex: 1, signers: 5, passRatio: 0.6 })).toMatchObject({ mode: 'vote', ratio: 0.6 })
    expect(signOffOf({ position: 'checker', level: 2, levels: 3 })).toEqual({ kind: 'level', position: 'checker', level: 2, levels: 3 })
  })

  it('shows nothing for an ordinary department task or an unknown mode', () => {
    expect(signOffOf(null)).toBeNull()
    expect(signOffOf({ returnTargets: ['precheck'] })).toBeNull()
    expect(signOffOf({ reviewMode: 'lottery' })).toBeNull()
    expect(signOffOf({ position: 'boss' })).toBeNull()
  })

  it('names every mode and position in both languages, Chinese first', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
      for (const key of ['all', 'any', 'sequential', 'vote']) expect(global.te(`practice.mode.${key}`, locale) && global.te(`practice.modeHint.${key}`, locale)).toBe(true)
      for (const key of ['handler', 'checker', 'approver']) expect(global.te(`practice.position.${key}`, locale)).toBe(true)
    }
    const { global } = createI18n({ legacy: false, locale: 'zh-CN', messages })
    expect(global.t('practice.level', { position: global.t('practice.position.checker'), level: 2, levels: 3 })).toBe('审核（第 2/3 级）')
  })
})
