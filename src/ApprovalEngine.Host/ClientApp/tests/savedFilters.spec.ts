import { beforeEach, describe, expect, it } from 'vitest'
import { loadFilters, removeFilter, saveFilter } from '@/utils/savedFilters'

const base = { view: 'department', q: '', definitionId: '', sort: 'due', desc: false }

describe('saved worklist filters', () => {
  beforeEach(() => localStorage.clear())

  it('saves, replaces by name, lists sorted and removes, per user', () => {
    saveFilter('li', { ...base, name: ' 消防 ', q: 'JS-3550' })
    saveFilter('li', { ...base, name: '超期', sort: 'created' })
    saveFilter('li', { ...base, name: '消防', q: 'JS-9999' })
    const list = loadFilters('li')
    expect(list.map((f) => f.name)).toHaveLength(2)
    expect(list.find((f) => f.name === '消防')!.q).toBe('JS-9999')
    expect(loadFilters('wang')).toEqual([])
    expect(removeFilter('li', '消防').map((f) => f.name)).toEqual(['超期'])
  })

  it('refuses an empty name and survives a corrupt entry', () => {
    expect(() => saveFilter('li', { ...base, name: '  ' })).toThrow()
    localStorage.setItem('approvalengine.worklist.filters.li', '{not json')
    expect(loadFilters('li')).toEqual([])
  })
})
