import { describe, expect, it } from 'vitest'
import { normalizeTask, withTaskChange } from '@/api/tasks'

/** A worklist card as GET /api/tasks gives it: names and the step's clock. */
const card = normalizeTask({
  id: 't1', instanceId: 'i1', correlationId: 'JS-1', definitionId: 'construction-permit-3550', definitionName: '建设工程施工许可（3550）',
  stepName: '消防审查', department: 'fire', departmentName: '消防救援支队', status: 'open', applicant: '苏州某公司', projectName: '三号厂房',
  dueDate: '2026-12-25', workingDaysLeft: 15, deadlineWorkingDays: 15, deadlineState: 'onTrack', allowedOutcomes: ['Approved', 'Rejected'],
})

/** What POST /api/tasks/{id}/claim answers: the task alone (TaskView), no card facts. */
const claimed = normalizeTask({
  id: 't1', instanceId: 'i1', correlationId: 'JS-1', definitionId: 'construction-permit-3550', title: '消防审查', department: 'fire',
  status: 'claimed', claimedBy: 'reviewer-fire', outcomes: ['Approved', 'Rejected'], dueDate: '2026-12-25', deadlineWorkingDays: 15,
})

describe('a card after an action on its task', () => {
  it('keeps its clock and names and takes the new holder', () => {
    const after = withTaskChange(card, claimed)
    expect(after.status).toBe('claimed')
    expect(after.claimedBy).toBe('reviewer-fire')
    expect(after.deadlineState).toBe('onTrack')
    expect(after.workingDaysLeft).toBe(15)
    expect(after.departmentName).toBe('消防救援支队')
    expect(after.definitionName).toBe('建设工程施工许可（3550）')
    expect(after.applicant).toBe('苏州某公司')
  })

  it('drops the holder on release and takes the outcome on completion', () => {
    const held = withTaskChange(card, claimed)
    const released = withTaskChange(held, { ...claimed, status: 'open', claimedBy: null })
    expect(released.status).toBe('open')
    expect(released.claimedBy).toBeNull()
    const done = withTaskChange(held, { ...claimed, status: 'completed', completedBy: 'reviewer-fire', completedAt: '2026-12-06T03:00:00Z', outcome: 'Approved', opinion: '同意' })
    expect(done.status).toBe('completed')
    expect(done.outcome).toBe('Approved')
    expect(done.opinion).toBe('同意')
    expect(done.workingDaysLeft).toBe(15)
  })
})
