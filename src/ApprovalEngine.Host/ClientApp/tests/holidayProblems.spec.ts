import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { labelOf } from '@/utils/labels'

// Every problem the holiday schedule check can report (HolidaySchedule.cs and HolidayService.cs, the server's HolidayProblem
// codes) is words on the 节假日安排 page, never 其他（ics-truncated）.
const read = (path: string) => readFileSync(resolve(__dirname, '../../..', path), 'utf8')
const sources = read('ApprovalEngine.Approvals/Calendar/HolidaySchedule.cs') + read('ApprovalEngine.Persistence/Calendar/HolidayService.cs')
  + read('ApprovalEngine.Host/Calendar/HolidaysApi.cs')
const codes = [...new Set([...sources.matchAll(/new(?: HolidayProblem)?\("([a-z]+(?:-[a-z]+)*)",/g)].map((m) => m[1]))]

describe('holiday schedule problems', () => {
  it('finds the codes in the server', () => {
    expect(codes).toEqual(expect.arrayContaining(['ics-truncated', 'schedule-incomplete', 'encoding-invalid', 'date-duplicate']))
  })
  for (const locale of ['zh-CN', 'en'] as const) {
    const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
    const t = global.t as (k: string, v?: Record<string, unknown>) => string
    const te = (k: string) => global.te(k, locale)
    it(`names every problem in ${locale}`, () => {
      for (const code of codes) expect(labelOf(t, te, 'holidayProblem', code), code).not.toBe(t('labels.unknown', { code }))
    })
  }
})
