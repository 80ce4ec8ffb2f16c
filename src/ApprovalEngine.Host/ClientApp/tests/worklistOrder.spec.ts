import { describe, expect, it } from 'vitest'
import { defaultOrder, ordersFor } from '@/api/tasks'

describe('worklist orders', () => {
  it('opens the done tab on the latest handled first and the others on the oldest due first', () => {
    expect(defaultOrder('done')).toEqual({ sort: 'completed', desc: true })
    expect(defaultOrder('department')).toEqual({ sort: 'due', desc: false })
    expect(defaultOrder('mine')).toEqual({ sort: 'due', desc: false })
  })

  it('offers the time handled only on the done tab, where every task has one', () => {
    expect(ordersFor('done')).toContain('completed')
    expect(ordersFor('department')).not.toContain('completed')
    expect(ordersFor('mine')).not.toContain('completed')
    for (const view of ['done', 'department', 'mine'] as const) expect(ordersFor(view)).toContain(defaultOrder(view).sort)
  })
})
