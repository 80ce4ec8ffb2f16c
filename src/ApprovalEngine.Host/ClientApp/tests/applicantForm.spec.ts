import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { fieldProblem, formValues, serverFieldErrors, statusKey, type FormField } from '@/applicant/form'
import { maskId, readApplicantSession, saveApplicantSession } from '@/applicant/session'
import { messages } from '@/locales'

const area: FormField = { name: 'floorArea', label: '建筑面积', type: 'number', required: true, min: 1, max: 100 }
const phone: FormField = { name: 'contactPhone', label: '联系电话', type: 'phone', required: true }
const note: FormField = { name: 'remarks', label: '备注', type: 'textarea', required: false, maxLength: 5 }

describe('applicant form', () => {
  it('mirrors the server rules per field', () => {
    expect(fieldProblem(area, '')).toBe('applicant.form.required')
    expect(fieldProblem(area, 'lots')).toBe('applicant.form.number')
    expect(fieldProblem(area, '101')).toBe('applicant.form.number')
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

  it('maps the server\'s per-field problems back to the fields', () => {
    expect(serverFieldErrors({ problems: [{ field: 'fields.project', message: 'required' }, { field: 'definitionId', message: 'x' }] })).toEqual({ project: 'required' })
    expect(serverFieldErrors({})).toEqual({})
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
      for (const s of ['awaitingAcceptance', 'awaitingCorrection', 'inProgress', 'approved', 'denied', 'notAccepted', 'withdrawn', 'ended'])
        expect(global.te(statusKey(s), locale)).toBe(true)
    })
  }
})
