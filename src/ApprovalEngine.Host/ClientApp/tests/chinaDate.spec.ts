import { describe, expect, it } from 'vitest'
import { chinaNow, chinaToday } from '@/utils/chinaDate'

describe('chinaToday', () => {
  it('is already tomorrow in the evening UTC, when China has passed midnight', () => {
    expect(chinaToday(new Date('2026-12-02T17:30:00Z'))).toBe('2026-12-03')
  })

  it('is the same date as UTC in China\'s working hours', () => {
    expect(chinaToday(new Date('2026-12-02T03:00:00Z'))).toBe('2026-12-02')
  })

  it('starts the month and the year on China\'s calendar', () => {
    const newYear = chinaNow(new Date('2026-12-31T16:30:00Z'))
    expect(newYear.startOf('year').format('YYYY-MM-DD')).toBe('2027-01-01')
    expect(newYear.subtract(11, 'month').startOf('month').format('YYYY-MM-DD')).toBe('2026-02-01')
  })
})
