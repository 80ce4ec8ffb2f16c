import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createI18n } from 'vue-i18n'
import { scheduleContentType } from '@/api/calendar'
import { useCalendarStore } from '@/stores/calendar'
import { HOLIDAY_DATA_YEARS, outsideHolidayData } from '@/utils/deadline'
import { sectionsFor } from '@/utils/roles'
import { messages } from '@/locales'

describe('holiday data for a new year', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('sends an .ics file as iCalendar and anything else as holiday-cn JSON', () => {
    expect(scheduleContentType('2027.ics')).toBe('text/calendar')
    expect(scheduleContentType('holiday-cn-2027.ICS')).toBe('text/calendar')
    expect(scheduleContentType('2027.json')).toBe('application/json')
  })

  it('counts a year the server loaded as known, so the application page stops warning about it', async () => {
    const store = useCalendarStore()
    expect(store.known).toEqual(HOLIDAY_DATA_YEARS)
    expect(outsideHolidayData('2027-02-10', store.known)).toBe(true)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ firstKnownYear: 2020, lastKnownYear: 2027, missingYears: [], affectedOpenDeadlines: 0 }), { headers: { 'content-type': 'application/json' } })))
    await store.load()
    vi.unstubAllGlobals()
    expect(outsideHolidayData('2027-02-10', store.known)).toBe(false)
    expect(store.missingYears).toEqual([])
  })

  it('keeps the last coverage when the server cannot be reached', async () => {
    const store = useCalendarStore()
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ firstKnownYear: 2020, lastKnownYear: 2026, missingYears: [2027], affectedOpenDeadlines: 5 }), { headers: { 'content-type': 'application/json' } })))
    await store.load()
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline') }))
    await store.load()
    vi.unstubAllGlobals()
    expect(store.missingYears).toEqual([2027])
  })

  it('shows the holiday page to administrators only, with words in both languages', () => {
    expect(sectionsFor(['admin']).map((s) => s.id)).toContain('holidays')
    expect(sectionsFor(['reviewer']).map((s) => s.id)).not.toContain('holidays')
    for (const locale of ['zh-CN', 'en'] as const) {
      const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
      expect(global.te('menu.holidays', locale)).toBe(true)
      expect(global.t('holidays.banner', { years: '2027', n: 5 })).toContain('2027')
    }
  })
})
