import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import type { DocumentListing, ProgressStep, ProgressView } from '@/applicant/api'
import { activeIndex, decidingStep, decisionNumber, localDay, reasonDocument, resultOf, stepTitle, timeline } from '@/applicant/progress'
import { messages } from '@/locales'

const step = (title: string, outcome: string | null, completedAt: string | null = '2026-03-02T04:00:00Z'): ProgressStep =>
  ({ title, department: '行政审批局', since: '2026-03-01T04:00:00Z', completedAt, outcome })
const view = (status: string, done: ProgressStep[], current: ProgressStep[] = []): ProgressView =>
  ({ fileNumber: 'F1', matter: 'm', holderInitial: '苏*', status, done, current })
const doc = (kind: string, number: string, issued = true): DocumentListing => ({ key: kind, kind, title: kind, number, issued, downloadUrl: `/x/${kind}` })

describe('applicant progress steps', () => {
  it('gives each step its result and numbers the rounds of a step that came back', () => {
    const items = timeline(view('inProgress', [step('受理', 'CorrectionRequested'), step('受理', 'Accepted'), step('用地审查', 'NeedsCorrection')],
      [step('用地审查', null, null)]))
    expect(items.map((i) => [i.title, i.round, i.result, i.current])).toEqual([
      ['受理', 1, 'applicant.progress.results.correction', false],
      ['受理', 2, 'applicant.progress.results.accepted', false],
      ['用地审查', 1, 'applicant.progress.results.correction', false],
      ['用地审查', 2, undefined, true],
    ])
    expect(activeIndex(items)).toBe(3)
  })

  it('leaves a step that ran once unnumbered and never shows an outcome code', () => {
    const [only, odd] = timeline(view('inProgress', [step('受理', 'Accepted'), step('会签', 'SomethingNew')]))
    expect(only!.round).toBeUndefined()
    expect(odd!.result).toBe('applicant.progress.results.done')
    expect(resultOf('Denied')).toEqual({ result: 'applicant.progress.results.denied', tone: 'danger' })
  })

  it('shows the applicant as the current step while a correction is open', () => {
    const items = timeline(view('awaitingCorrection', [step('受理', 'Accepted'), step('用地审查', 'NeedsCorrection')]))
    expect(items.at(-1)).toMatchObject({ titleKey: 'applicant.progress.awaitingYou', current: true })
    expect(activeIndex(items)).toBe(2)
    // Parallel reviews still open: the applicant's part comes first among the current steps.
    const parallel = timeline(view('awaitingCorrection', [step('环评审查', 'NeedsCorrection')], [step('消防审查', null, null)]))
    expect(parallel.map((i) => i.title ?? i.titleKey)).toEqual(['环评审查', 'applicant.progress.awaitingYou', '消防审查'])
    expect(activeIndex(parallel)).toBe(1)
  })

  it('drops the matter from a step title on the matter\'s own page', () => {
    expect(stepTitle('受理：建设工程施工许可（3550）', '建设工程施工许可（3550）')).toBe('受理')
    expect(stepTitle('受理', '建设工程施工许可（3550）')).toBe('受理')
    expect(timeline({ ...view('inProgress', [step('受理：m', 'Accepted')]), matter: 'm' })[0]!.title).toBe('受理')
  })

  it('says a withdrawn application was withdrawn instead of listing nothing', () => {
    const items = timeline(view('withdrawn', []))
    expect(items).toEqual([{ titleKey: 'applicant.progress.withdrawnStep', tone: 'danger', current: false }])
    expect(activeIndex(items)).toBe(1)
    expect(timeline(view('terminated', []))).toEqual([{ titleKey: 'applicant.progress.terminatedStep', tone: 'danger', current: false }])
  })

  it('says why the office terminated it or why it was withdrawn, when a reason was given', () => {
    const terminated = timeline({ ...view('terminated', []), endReason: '申请人已注销，无法继续办理' })
    expect(terminated.at(-1)).toMatchObject({ titleKey: 'applicant.progress.terminatedStep', reason: '申请人已注销，无法继续办理' })
    expect(timeline({ ...view('withdrawn', []), endReason: '项目调整' }).at(-1)!.reason).toBe('项目调整')
    expect(timeline({ ...view('inProgress', []), endReason: 'stale' }).some((i) => i.reason)).toBe(false)
  })

  it('dates a step by the local calendar day', () => {
    const d = new Date(2026, 2, 2, 0, 30)
    expect(localDay(d.toISOString())).toBe('2026-03-02')
    expect(localDay(null)).toBeUndefined()
  })

  it('links the decision by its printed number once issued, and points to the document with the reasons', () => {
    expect(decisionNumber([doc('acceptance-notice', 'SL1'), doc('decision', 'JDABC')])).toBe('JDABC')
    expect(decisionNumber([doc('decision', 'JDABC', false)])).toBeNull()
    expect(decisionNumber([])).toBeNull()
    expect(reasonDocument('notAccepted', [doc('non-acceptance-notice', 'BSL1')])?.number).toBe('BSL1')
    expect(reasonDocument('denied', [doc('acceptance-notice', 'SL1'), doc('decision', 'JD1', false)])?.number).toBe('JD1')
    expect(reasonDocument('approved', [doc('decision', 'JD1')])).toBeNull()
    expect(decidingStep(view('notAccepted', [step('受理', 'NotAccepted')]))).toMatchObject({ department: '行政审批局', result: 'applicant.progress.results.notAccepted' })
    expect(decidingStep(view('inProgress', [step('受理', 'Accepted')]))).toBeNull()
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`words every result and state in ${locale}`, () => {
      const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
      for (const o of ['Accepted', 'NotAccepted', 'CorrectionRequested', 'NeedsCorrection', 'Approved', 'Rejected', 'Denied', 'Verified', 'CommitmentFalse', null])
        expect(global.te(resultOf(o).result, locale)).toBe(true)
      for (const k of ['applicant.progress.awaitingYou', 'applicant.progress.withdrawnStep', 'applicant.progress.terminatedStep', 'applicant.progress.endReason', 'applicant.progress.round', 'applicant.progress.since', 'applicant.detail.notFound',
        'applicant.detail.backToMine', 'applicant.detail.result', 'applicant.detail.reasonIn', 'applicant.mine.signOut', 'applicant.form.projectCode', 'applicant.form.projectCodeCheck',
        'applicant.form.control', 'applicant.form.invalid', 'applicant.form.numberMin', 'applicant.form.numberMax', 'applicant.apply.optional'])
        expect(global.te(k, locale)).toBe(true)
    })
  }
})

describe('a decision step', () => {
  it('reads 准予许可 when granted, a review 通过', () => {
    expect(resultOf('Approved', 'Decision').result).toBe('applicant.progress.results.granted')
    expect(resultOf('Approved', 'Review').result).toBe('applicant.progress.results.approved')
    expect(resultOf('Denied', 'Decision').result).toBe('applicant.progress.results.denied')
  })
})
