import { describe, expect, it } from 'vitest'
import { deadlineState, deadlineTagType, normalizeDeadlineState, outsideHolidayData } from '@/utils/deadline'

describe('deadline colouring', () => {
  it('takes the server state in both spellings', () => {
    expect(normalizeDeadlineState('on-track')).toBe('onTrack')
    expect(normalizeDeadlineState('onTrack')).toBe('onTrack')
    expect(normalizeDeadlineState('Overdue')).toBe('overdue')
    expect(normalizeDeadlineState(undefined)).toBe('none')
    expect(deadlineState({ deadlineState: 'warning', workingDaysLeft: 9 })).toBe('warning')
  })

  it('derives the state from working days left when the server gives none', () => {
    expect(deadlineState({ workingDaysLeft: -1, deadlineWorkingDays: 15 })).toBe('overdue')
    expect(deadlineState({ workingDaysLeft: 3, deadlineWorkingDays: 15 })).toBe('warning')
    expect(deadlineState({ workingDaysLeft: 4, deadlineWorkingDays: 15 })).toBe('onTrack')
    expect(deadlineState({ workingDaysLeft: 1, deadlineWorkingDays: 2 })).toBe('warning')
    expect(deadlineState({ isOverdue: true })).toBe('overdue')
    expect(deadlineState({})).toBe('none')
    expect(deadlineState({ status: 'completed', workingDaysLeft: -3 })).toBe('completed')
  })

  it('colours overdue red and warning amber', () => {
    expect(deadlineTagType('overdue')).toBe('danger')
    expect(deadlineTagType('warning')).toBe('warning')
    expect(deadlineTagType('onTrack')).toBe('success')
  })

  it('flags a due date in a year without official holiday data', () => {
    expect(outsideHolidayData('2026-12-31')).toBe(false)
    expect(outsideHolidayData('2027-01-04')).toBe(true)
    expect(outsideHolidayData('2019-12-31')).toBe(true)
    expect(outsideHolidayData(null)).toBe(false)
  })
})
