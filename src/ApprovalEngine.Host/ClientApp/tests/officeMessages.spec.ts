import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { mergeMessages } from '@/locales/merge'
import { errorKey } from '@/api/errors'
import { labelOf } from '@/utils/labels'

// The one list of the API's error codes (ErrorCodes.cs): each must have words in both languages, never a code on screen.
const errorCodesFile = resolve(__dirname, '../../../ApprovalEngine.Persistence/ErrorCodes.cs')
const codes = [...readFileSync(errorCodesFile, 'utf8').matchAll(/=\s*"([a-z][a-z.-]*)"/g)].map((m) => m[1])

describe('office messages', () => {
  it('merges module sections into the main ones without losing either side', () => {
    const merged = mergeMessages({ a: { x: '1', y: '2' }, b: '3' }, { a: { y: 'two', z: '4' } })
    expect(merged).toEqual({ a: { x: '1', y: 'two', z: '4' }, b: '3' })
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
    const te = (k: string) => global.te(k, locale)
    const t = global.t as (k: string, v?: Record<string, unknown>) => string

    it(`translates every API error code in ${locale}`, () => {
      expect(codes.length).toBeGreaterThan(50)
      expect(codes.filter((c) => !te(errorKey(c)))).toEqual([])
    })

    it(`names every journal event of a 3550 permit in ${locale}`, () => {
      for (const event of ['WorkflowStarted', 'Started', 'Suspended', 'Resumed', 'Completed', 'ClockPaused', 'ClockResumed', 'WorkflowFinished', 'TaskClaimed'])
        expect(labelOf(t, te, 'journalEvent', event), event).not.toBe(t('labels.unknown', { code: event }))
    })
  }

  it('says it in Chinese by default', () => {
    const { global } = createI18n({ legacy: false, locale: 'zh-CN', messages, missingWarn: false, fallbackWarn: false })
    expect(global.t('errors.clock_already-paused')).toBe('计时已暂停')
  })
})
