import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { ApiError } from '@/api/http'
import { fieldErrorKey, translateFieldError } from '@/api/errors'
import { accessPart } from '@/api/audit'
import { placeError } from '@/utils/fieldErrors'
import { addedSignerOf, assignableStaff, pendingSignersOf, staffLabel } from '@/utils/taskOps'
import { missingReason, outcomeAction, outcomeLabel } from '@/utils/labels'
import { correctionProblem } from '@/utils/materials'
import { awaitingClock, extensionRoom } from '@/utils/deadline'
import { OUTCOME_FILTERS, cancelReason, outcomeBesideStatus, outcomeTagType, statusWithOutcome, statusWithOutcomeType } from '@/utils/outcomes'

const i18n = (locale: 'zh-CN' | 'en') => {
  const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
  return { t: global.t as (k: string, v?: Record<string, unknown>) => string, te: (k: string) => global.te(k, locale) }
}
const zh = i18n('zh-CN')
const en = i18n('en')

const staff = [
  { id: 'clerk-wang', name: '王静', departments: ['window'], positions: [], active: true },
  { id: 'fire-chen', name: '陈刚', departments: ['fire'], positions: [], active: true },
  { id: 'env-zhou', name: '周丽', departments: ['environment'], positions: [], active: true },
  { id: 'designer-liu', name: '刘洋', departments: [], positions: [], active: true },
  { id: 'admin-zhao', name: '赵磊', departments: [], positions: [], active: true },
  { id: 'old-li', name: '李旧', departments: ['fire'], positions: [], active: false },
]

describe('who can take a task', () => {
  it('offers active staff with a department, not the user nor the holder', () => {
    expect(assignableStaff(staff, ['fire-chen', null]).map((s) => s.id)).toEqual(['clerk-wang', 'env-zhou'])
    expect(assignableStaff(staff, []).map((s) => s.id)).toEqual(['clerk-wang', 'fire-chen', 'env-zhou'])
  })

  it('names a person with their departments, never the sign-in id', () => {
    const dept = (c: string) => ({ window: '政务服务中心综合受理窗口', fire: '消防救援支队' })[c] ?? c
    expect(staffLabel(staff[0], dept, (name, where) => zh.t('ops.staffLabel', { name, where }))).toBe('王静（政务服务中心综合受理窗口）')
    expect(staffLabel(staff[1], dept, (name, where) => en.t('ops.staffLabel', { name, where }))).toBe('陈刚 (消防救援支队)')
    expect(staffLabel(staff[3], dept, (n, w) => `${n}${w}`)).toBe('刘洋')
  })
})

describe('refusals that name a field', () => {
  const noDepartment = new ApiError(400, 'validation.field', '刘洋 belongs to no department.', null, { field: 'toUser', code: 'validation.field' })

  it('puts a Chinese message under the field the API names', () => {
    expect(fieldErrorKey('toUser', 'directory.staff-inactive')).toBe('errors.fields.toUser.directory_staff-inactive')
    const placed = placeError(noDepartment, ['toUser', 'toDepartment'], zh.t, zh.te)
    expect(placed.field).toBe('toUser')
    expect(placed.message).toContain('须为有所属部门的工作人员')
    expect(placed.message).not.toContain('belongs')
  })

  it('falls back to the code translation for a field without its own words, and above the form for an unknown field', () => {
    expect(translateFieldError(new ApiError(400, 'validation.field', 'x', null, { field: 'reason' }), 'reason', zh.t, zh.te)).toBe('填写的内容有误')
    expect(placeError(noDepartment, ['reason'], zh.t, zh.te)).toEqual({ field: null, message: '填写的内容有误' })
  })
})

describe('added signers (加签)', () => {
  const signerTask = { id: 's1', status: 'claimed', claimedBy: 'env-zhou', context: { signMode: 'parallel', signer: 'env-zhou', addedBy: 'fire-chen', ownerTaskId: 'o1' } }

  it('reads who asked and for which task', () => {
    expect(addedSignerOf(signerTask)).toEqual({ mode: 'parallel', requester: 'fire-chen', ownerTaskId: 'o1' })
    expect(addedSignerOf({ context: { mode: 'all' } })).toBeNull()
    expect(addedSignerOf({ context: null })).toBeNull()
  })

  it('lists the signers an owner still waits for, among the tasks at hand', () => {
    const done = { ...signerTask, id: 's2', status: 'completed', context: { ...signerTask.context, signer: 'planning-li' } }
    expect(pendingSignersOf({ id: 'o1' }, [signerTask, done])).toEqual(['env-zhou'])
    expect(pendingSignersOf({ id: 'o2' }, [signerTask])).toEqual([])
  })
})

describe('validation before confirmation', () => {
  it('needs reasons for a refusal before asking to confirm it', () => {
    expect(missingReason('Rejected', '  ')).toBe(true)
    expect(missingReason('Rejected', '不符合规划')).toBe(false)
    expect(missingReason('Approved', '')).toBe(false)
  })

  it('re-checks the correction dialog from its current inputs', () => {
    expect(correctionProblem(false, [], '')).toBe('needMaterials')
    expect(correctionProblem(false, ['fire protection design'], '')).toBe('needOpinion')
    expect(correctionProblem(false, ['fire protection design'], '缺图')).toBe('')
    expect(correctionProblem(true, [], '该地块已被查封')).toBe('') // the agency only when the matter is another office's
    expect(correctionProblem(true, [], '')).toBe('needReason')
  })

  it('caps an extension by what the statutory clock still allows', () => {
    const clock = (extension: number, completedAt: string | null = null) => ({ kind: 'Statutory', completedAt, extensionWorkingDays: extension, maxExtensionWorkingDays: 10 })
    expect(extensionRoom([clock(5)])).toBe(5)
    expect(extensionRoom([clock(10)])).toBe(0)
    expect(extensionRoom([clock(0, '2026-12-01')])).toBeNull()
    expect(extensionRoom([])).toBeNull()
  })
})

describe('awaiting the applicant', () => {
  it('says the clock has not started for a correction before acceptance', () => {
    expect(awaitingClock({ clockPausedSince: null, workingDaysUsed: null, workingDaysLeft: null })).toBe('notStarted')
    expect(awaitingClock({ clockPausedSince: '2026-12-06', workingDaysUsed: 3, workingDaysLeft: 12 })).toBe('paused')
    expect(zh.t('worklist.notStarted')).toBe('尚未受理，未开始计时')
  })
})

describe('access log labels', () => {
  it('names the part read without its id', () => {
    expect(accessPart('material:0192abc')).toBe('material')
    expect(accessPart('details')).toBe('details')
    expect(accessPart('something-new')).toBe('other')
    for (const part of ['details', 'material', 'signers', 'other', 'licence-holder-id']) {
      expect(zh.te(`audit.what.${part}`)).toBe(true)
      expect(en.te(`audit.what.${part}`)).toBe(true)
    }
  })
})

describe('English wording', () => {
  it('says one working day, not 1 working days', () => {
    expect(en.t('applicant.guide.days', { n: 1 })).toBe('1 working day')
    expect(en.t('applicant.guides.promised', { n: 3 })).toBe('Promised 3 working days')
    expect(zh.t('applicant.guides.promised', { n: 1 })).toBe('承诺1个工作日')
    expect(en.t('app.workingDays', { n: 1 })).toBe('1 working day')
    expect(en.t('app.workingDays', { n: 3 })).toBe('3 working days')
    expect(en.t('worklist.left', { n: 1 })).toBe('1 working day left')
    expect(en.t('worklist.overdueBy', { n: 2 })).toBe('Overdue by 2 working days')
    expect(zh.t('app.workingDays', { n: 1 })).toBe('1 个工作日')
  })

  it('uses ASCII brackets in English and full-width ones in Chinese', () => {
    expect(en.t('application.pauseReason', { reason: 'expert review' })).toBe(' (expert review)')
    expect(zh.t('application.pauseReason', { reason: '专家评审' })).toBe('（专家评审）')
  })
})

describe('a step\'s outcome in words', () => {
  it('calls a decision\'s approval a grant, a review\'s a pass', async () => {
    const { outcomeLabel } = await import('@/utils/labels')
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages })
    const { t, te } = i18n.global
    expect(outcomeLabel(t, te, 'Decision', 'Approved')).toBe('准予许可')
    expect(outcomeLabel(t, te, 'Decision', 'Denied')).toBe('不予许可')
    expect(outcomeLabel(t, te, 'Review', 'Approved')).toBe('通过')
    expect(outcomeLabel(t, te, null, 'Approved')).toBe('通过')
  })
})

describe('outcome buttons', () => {
  it('say what the button does: a verb in English, the decision a grant', () => {
    expect(outcomeAction(en.t, en.te, 'Review', 'Approved')).toBe('Approve')
    expect(outcomeAction(en.t, en.te, 'Decision', 'Approved')).toBe('Grant')
    expect(outcomeAction(en.t, en.te, 'Decision', 'Denied')).toBe('Refuse')
    expect(outcomeAction(zh.t, zh.te, 'Decision', 'Approved')).toBe('准予许可')
    expect(outcomeAction(zh.t, zh.te, 'Review', 'Approved')).toBe('通过')
    // The result, once chosen, keeps its name (Approved on the application page), and an outcome without a verb reads as its name.
    expect(outcomeLabel(en.t, en.te, 'Review', 'Approved')).toBe('Approved')
    expect(outcomeAction(en.t, en.te, 'Review', 'Pending')).toBe(outcomeLabel(en.t, en.te, 'Review', 'Pending'))
  })

  it('have words for every outcome a step can offer, in both languages', () => {
    for (const o of ['Accepted', 'NotAccepted', 'CorrectionRequested', 'Approved', 'Rejected', 'NeedsCorrection', 'Denied', 'Verified', 'CommitmentFalse'])
      for (const { te } of [zh, en]) expect(te(`labels.outcomeAction.${o[0].toLowerCase()}${o.slice(1)}`), o).toBe(true)
  })
})

describe('applications list', () => {
  it('names how an ended application ended', () => {
    for (const o of ['approved', 'denied', 'notAccepted', 'withdrawn', 'ended']) {
      expect(zh.te(`applications.outcomes.${o}`), o).toBe(true)
      expect(en.te(`applications.outcomes.${o}`), o).toBe(true)
    }
    expect(zh.t('applications.outcomes.notAccepted')).toBe('不予受理')
  })

  it('says how an application came out in the words the applicant reads too', () => {
    // One outcome, one name in each language: the applicant's status (已办结（准予许可）) carries the office's word for it.
    for (const o of ['approved', 'denied', 'notAccepted', 'withdrawn', 'terminated', 'revoked', 'ended']) {
      expect(en.t(`applicant.status.${o}`), o).toBe(en.t(`applications.outcomes.${o}`))
      expect(zh.t(`applicant.status.${o}`), o).toContain(zh.t(`applications.outcomes.${o}`))
    }
  })

  it('gives a withdrawal\'s reason, not the host\'s own words', () => {
    expect(cancelReason('withdrawn by the applicant: 项目调整，撤回申请')).toBe('项目调整，撤回申请')
    expect(cancelReason('申请人当面撤回')).toBe('申请人当面撤回')
    for (const m of ['withdrawn by the applicant', 'withdrawn by the applicant:  ', "withdrawn at the applicant's request", 'cancelled', 'parent instance 0a1b no longer waits for it', null, ''])
      expect(cancelReason(m), String(m)).toBeNull()
    expect(zh.t('application.cancelReason', { reason: 'x' })).toBe('理由：x')
  })

  it('calls 已办结 one thing in English wherever it shows', () => {
    expect(zh.t('labels.instanceStatus.finished')).toBe(zh.t('applications.outcomes.ended'))
    for (const k of ['labels.instanceStatus.finished', 'applications.outcomes.ended', 'applicant.mine.finished', 'labels.journalEvent.workflowFinished'])
      expect(en.t(k), k).toBe('Closed')
    expect([en.t('application.finished'), en.t('applications.finished')]).toEqual(['Closed on', 'Closed on'])
  })

  it('names the window\'s two ways of ending an application in both languages', () => {
    for (const k of ['withdrawForApplicant', 'terminate', 'withdrawTitle', 'withdrawHint', 'terminateTitle', 'terminateHint', 'needTerminateReason', 'withdrawn', 'terminated'])
      for (const l of [zh, en]) expect(l.te(`application.${k}`), k).toBe(true)
    expect(zh.t('application.terminate')).toBe('终止办理')
    expect(en.t('application.withdrawForApplicant')).toBe('Withdraw for applicant')
  })

  it('filters by outcome with a name for each choice, coloured as the tags that show it', () => {
    expect(zh.t('applications.outcome')).toBe('办理结果')
    expect(OUTCOME_FILTERS.map((o) => en.t(`applications.outcomes.${o}`))).toEqual(['Granted', 'Refused', 'Not accepted', 'Withdrawn', 'Terminated', 'Revoked'])
    expect(OUTCOME_FILTERS.map(outcomeTagType)).toEqual(['success', 'danger', 'warning', 'info', 'info', 'danger'])
    expect(outcomeTagType('something new')).toBe('info')
    // A list's tag (办件查询, the window's own list): the outcome once settled, else the status, 办理中 in blue.
    expect(statusWithOutcome(zh.t, zh.te, { status: 'Finished', outcome: 'notAccepted' })).toBe('不予受理')
    expect(statusWithOutcome(en.t, en.te, { status: 'Cancelled', outcome: 'withdrawn' })).toBe('Withdrawn')
    expect(statusWithOutcome(zh.t, zh.te, { status: 'Suspended', outcome: null })).toBe(zh.t('labels.instanceStatus.suspended'))
    expect(['approved', 'revoked', 'withdrawn', 'terminated', 'ended', null].map(outcomeBesideStatus)).toEqual(['approved', 'revoked', null, null, null, null])
    expect([statusWithOutcomeType({ status: 'Suspended' }), statusWithOutcomeType({ status: 'Finished', outcome: 'notAccepted' })]).toEqual(['primary', 'warning'])
  })
})
