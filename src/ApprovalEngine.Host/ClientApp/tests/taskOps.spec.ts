import { describe, expect, it } from 'vitest'
import { missingOpFields, type TaskOpForm } from '@/utils/taskOps'
import zh from '@/locales/taskops/zh-CN'
import en from '@/locales/taskops/en'

const empty = (): TaskOpForm => ({ mode: 'person', user: '', department: '', users: [], departments: [], reason: '', to: '', materials: [] })

describe('task operations name what is missing before sending', () => {
  it('asks for the person or department a task goes to', () => {
    expect(missingOpFields('transfer', empty())).toEqual(['toUser'])
    expect(missingOpFields('transfer', { ...empty(), mode: 'dept' })).toEqual(['toDepartment'])
    expect(missingOpFields('transfer', { ...empty(), mode: 'dept', department: 'fire' })).toEqual([])
    expect(missingOpFields('delegate', { ...empty(), user: '  ' })).toEqual(['toUser'])
    expect(missingOpFields('delegate', { ...empty(), user: 'li' })).toEqual([])
  })

  it('needs someone to copy, and a target, materials and reason to send back', () => {
    expect(missingOpFields('copy', empty())).toEqual(['copyTo'])
    expect(missingOpFields('copy', { ...empty(), departments: ['land'] })).toEqual([])
    expect(missingOpFields('return', empty())).toEqual(['returnTo', 'reason'])
    expect(missingOpFields('return', { ...empty(), to: 'applicant', materials: [' '], reason: '缺少图纸' })).toEqual(['materials'])
    expect(missingOpFields('urge', empty())).toEqual([])
    expect(missingOpFields('withdraw', empty())).toEqual([])
  })

  it('has a label in both languages for every field it can name', () => {
    const fields = ['toUser', 'toDepartment', 'copyTo', 'returnTo', 'materials', 'reason']
    for (const f of fields) {
      expect((zh.ops as Record<string, string>)[f]).toBeTruthy()
      expect((en.ops as Record<string, string>)[f]).toBeTruthy()
    }
  })
})
