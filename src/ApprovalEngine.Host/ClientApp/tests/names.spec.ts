import { describe, expect, it } from 'vitest'
import { messages } from '@/locales'
import { materialOptions, materialTitle } from '@/utils/materials'
import { actorName } from '@/utils/names'
import { personName } from '@/stores/session'

const map = {
  'construction-permit-3550': { 'fire protection design': '消防设计审查意见', 'site plan': '建设工程规划许可证及附图' },
  'real-estate-registration-5d': { 'identity documents': '申请人身份证明', 'site plan': '宗地图' },
}

describe('materials by title, never by their stable names', () => {
  it('takes the process’s own guide first, then any guide, else the name as typed', () => {
    expect(materialTitle(map, 'site plan', 'construction-permit-3550')).toBe('建设工程规划许可证及附图')
    expect(materialTitle(map, 'site plan', 'real-estate-registration-5d')).toBe('宗地图')
    expect(materialTitle(map, 'identity documents')).toBe('申请人身份证明')
    expect(materialTitle(map, '消防疏散图', 'construction-permit-3550')).toBe('消防疏散图')
    expect(materialTitle({}, 'fire protection design')).toBe('fire protection design')
  })

  it('offers what a notice asks first, then the guide, each once, labelled by title', () => {
    expect(materialOptions(map, 'construction-permit-3550', ['fire protection design', '消防疏散图'])).toEqual([
      { value: 'fire protection design', label: '消防设计审查意见' },
      { value: '消防疏散图', label: '消防疏散图' },
      { value: 'site plan', label: '建设工程规划许可证及附图' },
    ])
    expect(materialOptions(map, null)).toEqual([])
  })
})

describe('people by name, never by sign-in id', () => {
  const zh = messages['zh-CN'] as unknown as { names: Record<string, string> }
  const t = (key: string) => zh.names[key.replace('names.', '')] ?? key
  const directory: Record<string, string> = { 'fire-chen': '陈刚' }
  const lookup = (id: string) => directory[id] ?? null

  it('names staff from the directory, applicants and the engine by what they are', () => {
    expect(actorName('fire-chen', lookup, t)).toBe('陈刚')
    expect(actorName('applicant:zhang-san', lookup, t)).toBe('申请人')
    expect(actorName('system:timer', lookup, t)).toBe('系统')
    expect(actorName('timers', lookup, t)).toBe('系统')
    expect(actorName('reviewer-x', lookup, t)).toBe('工作人员')
    expect(actorName('reviewer-x', lookup, t, true)).toBe('reviewer-x')
    expect(actorName(null, lookup, t)).toBe('')
  })

  it('treats a name that is only the sign-in id as no name, a token’s own name as a name', () => {
    expect(personName('王静', 'clerk-wang')).toBe('王静')
    expect(personName('clerk-x', 'clerk-x')).toBe('')
    expect(personName('王', '王')).toBe('王')
    expect(personName(null, 'clerk-x')).toBe('')
  })

  it('has every new word in both languages', () => {
    const en = messages.en as unknown as Record<string, Record<string, unknown>>
    const zhAll = messages['zh-CN'] as unknown as Record<string, Record<string, unknown>>
    for (const section of ['names', 'correction']) expect(Object.keys(en[section]).sort()).toEqual(Object.keys(zhAll[section]).sort())
  })
})
