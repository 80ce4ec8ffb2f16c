import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { fieldError, fieldProblem, formValues, serverFieldError, serverFieldNames, statusKey, statusTone, type FormField } from '@/applicant/form'
import { applicantError } from '@/applicant/errors'
import { forgetComplaintPhones, rememberComplaintPhone } from '@/applicant/care'
import { ApiError } from '@/api/http'
import { maskId, readApplicantSession, saveApplicantSession } from '@/applicant/session'
import { messages } from '@/locales'
import { chinaToday } from '@/utils/chinaDate'

const area: FormField = { name: 'floorArea', label: '建筑面积', type: 'number', required: true, min: 1, max: 100 }
const phone: FormField = { name: 'contactPhone', label: '联系电话', type: 'phone', required: true }
const note: FormField = { name: 'remarks', label: '备注', type: 'textarea', required: false, maxLength: 5 }

describe('applicant form', () => {
  it('mirrors the server rules per field', () => {
    expect(fieldProblem(area, '')).toBe('applicant.form.required')
    expect(fieldProblem(area, 'lots')).toBe('applicant.form.numberBetween')
    expect(fieldProblem(area, '101')).toBe('applicant.form.numberBetween')
    expect(fieldProblem(area, '12.5')).toBeNull()
    expect(fieldProblem(phone, '12345')).toBe('applicant.form.phone')
    expect(fieldProblem(phone, '13912345678')).toBeNull()
    expect(fieldProblem(note, '')).toBeNull()
    expect(fieldProblem(note, '123456')).toBe('applicant.form.tooLong')
    expect(fieldProblem({ name: 'd', label: 'd', type: 'date', required: true }, '2026/04/01')).toBe('applicant.form.date')
  })

  it('sends numbers as numbers and leaves out empty optional fields', () => {
    expect(formValues([area, phone, note], { floorArea: ' 12.5 ', contactPhone: '13912345678', remarks: ' ' })).toEqual({ floorArea: 12.5, contactPhone: '13912345678' })
  })

  it('finds every field the server names, first the one in `field`', () => {
    expect(serverFieldNames({ field: 'fields.plannedStart', problems: [{ field: 'fields.plannedStart', message: "'plannedStart' must be a date yyyy-MM-dd." },
      { field: 'fields.projectCode', message: 'x' }, { field: 'definitionId', message: 'x' }] })).toEqual(['plannedStart', 'projectCode'])
    expect(serverFieldNames({ errors: { 'fields.area': ['x'] } })).toEqual(['area'])
    expect(serverFieldNames({ errors: [{ field: 'fields.area' }], problems: 'junk' })).toEqual(['area'])
    expect(serverFieldNames({})).toEqual([])
  })

  it('words a server refusal by the field\'s type and value, never with the server\'s English', () => {
    const code: FormField = { name: 'projectCode', label: '项目代码', type: 'projectCode', required: true }
    const start: FormField = { name: 'plannedStart', label: '计划开工日期', type: 'date', required: true }
    const name: FormField = { name: 'project', label: '项目名称', type: 'text', required: true, maxLength: 128 }
    // Shape right, check character wrong: only the server knows, the type says what to check.
    expect(serverFieldError(code, '2024-320502-47-01-00001X')).toEqual({ key: 'applicant.form.projectCodeCheck' })
    expect(serverFieldError(start, '2026-02-30')).toEqual({ key: 'applicant.form.date' })
    expect(serverFieldError(area, '500')).toEqual({ key: 'applicant.form.numberBetween', params: { min: 1, max: 100 } })
    expect(serverFieldError(phone, '13912345678')).toEqual({ key: 'applicant.form.phone' })
    expect(serverFieldError(name, '')).toEqual({ key: 'applicant.form.required' })
    expect(serverFieldError(name, 'a\tb')).toEqual({ key: 'applicant.form.control' })
    expect(serverFieldError(name, 'x'.repeat(129))).toEqual({ key: 'applicant.form.tooLong', params: { max: 128 } })
    expect(serverFieldError(name, 'ok')).toEqual({ key: 'applicant.form.invalid' })
  })

  it('refuses a planned start before today (China\'s date) and takes today', () => {
    const start: FormField = { name: 'plannedStart', label: '计划开工日期', type: 'date', required: true, notPast: true }
    expect(fieldError(start, '2026-12-05', '2026-12-06')).toEqual({ key: 'applicant.form.notPast', params: { today: '2026-12-06' } })
    expect(fieldError(start, '2026-12-06', '2026-12-06')).toBeNull()
    expect(fieldError({ ...start, notPast: false }, '2020-01-01', '2026-12-06')).toBeNull()
    // The day is China's: 2026-12-05 23:30 UTC is already the 6th in Beijing.
    expect(fieldError(start, '2026-12-05', chinaToday(new Date(Date.UTC(2026, 11, 5, 23, 30))))).toEqual({ key: 'applicant.form.notPast', params: { today: '2026-12-06' } })
    for (const locale of ['zh-CN', 'en'] as const) {
      const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
      expect(global.te('applicant.form.notPast', locale), locale).toBe(true)
    }
  })

  it('states the limits it knows', () => {
    expect(fieldError({ name: 'n', label: 'n', type: 'text', required: false }, 'x'.repeat(257))).toEqual({ key: 'applicant.form.tooLong', params: { max: 256 } })
    expect(fieldError({ name: 'n', label: 'n', type: 'textarea', required: false }, 'a\nb')).toBeNull()
    expect(fieldError({ ...area, min: 1, max: 10000000 }, '0')).toEqual({ key: 'applicant.form.numberBetween', params: { min: 1, max: 10000000 } })
    expect(fieldError({ ...area, max: null }, '0')).toEqual({ key: 'applicant.form.numberMin', params: { min: 1 } })
    expect(fieldError({ ...area, min: null, max: null }, 'x')).toEqual({ key: 'applicant.form.number' })
    expect(fieldError({ name: 'd', label: 'd', type: 'date', required: true }, '2026-02-30')).toEqual({ key: 'applicant.form.date' })
    expect(fieldError({ name: 'd', label: 'd', type: 'date', required: true }, '2024-02-29')).toBeNull()
    const zh = createI18n({ legacy: false, locale: 'zh-CN', messages, missingWarn: false, fallbackWarn: false }).global
    expect(zh.t('applicant.form.numberBetween', { min: 1, max: 10000000 })).toBe('请输入 1 至 10000000 之间的数字')
    expect(zh.t('applicant.form.tooLong', { max: 128 })).toBe('内容过长，不超过 128 个字')
    expect(zh.t('applicant.guide.optional')).toBe('选填')
  })

  it('never shows the server\'s English detail to the applicant', () => {
    const zh = createI18n({ legacy: false, locale: 'zh-CN', messages, missingWarn: false, fallbackWarn: false }).global
    expect(applicantError(new ApiError(400, 'validation.field', "'plannedStart' must be a date yyyy-MM-dd."), zh.t, zh.te)).toBe('填写的内容有误')
    expect(applicantError(new ApiError(404, 'some.new-code', 'No application x.'), zh.t, zh.te)).toBe('未找到')
    expect(applicantError(new Error('boom'), zh.t, zh.te)).toBe(zh.t('errors.unexpected'))
  })

  it('forgets the complaint phones of the tab at sign-out', () => {
    const storage = new Map<string, string>()
    const fake = {
      get length() { return storage.size }, key: (i: number) => [...storage.keys()][i] ?? null, getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k),
    } as unknown as Storage
    rememberComplaintPhone('TS1', '13912345678', fake)
    rememberComplaintPhone('TS2', '13912345678', fake)
    fake.setItem('other', 'kept')
    forgetComplaintPhones(fake)
    expect([...storage.keys()]).toEqual(['other'])
  })

  it('masks identity numbers and keeps an expired session signed out', () => {
    expect(maskId('32050219850317002X')).toBe('3205**********002X')
    const storage = new Map<string, string>()
    const fake = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) } as unknown as Storage
    const session = { token: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: 'u', subjectId: 'x', subjectKind: 'person' as const, subjectName: '张三' }
    saveApplicantSession(session, fake)
    expect(readApplicantSession(fake)?.subjectName).toBe('张三')
    saveApplicantSession({ ...session, expiresAt: new Date(Date.now() + 10_000).toISOString() }, fake)
    expect(readApplicantSession(fake)).toBeNull()
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`names every application status in ${locale}`, () => {
      const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
      for (const s of ['awaitingAcceptance', 'awaitingCorrection', 'inProgress', 'approved', 'denied', 'notAccepted', 'withdrawn', 'terminated', 'revoked', 'ended'])
        expect(global.te(statusKey(s), locale)).toBe(true)
    })
  }

  it('colours a status by how it stands for the applicant', () => {
    expect(['approved', 'denied', 'terminated', 'revoked', 'notAccepted', 'withdrawn', 'ended', 'awaitingCorrection', 'inProgress', 'awaitingAcceptance'].map(statusTone))
      .toEqual(['success', 'danger', 'danger', 'danger', 'danger', 'default', 'default', 'warning', 'primary', 'primary'])
  })
})
