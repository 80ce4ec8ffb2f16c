import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const asks = { worklist: vi.fn(), supervision: vi.fn() }
vi.mock('@/api/tasks', () => ({ waitingTaskCount: () => asks.worklist() }))
vi.mock('@/api/supervision', () => ({ pendingPushCount: () => asks.supervision() }))

const { useMenuCountsStore } = await import('@/stores/menuCounts')

/** Lets the store's awaited asks settle. */
const settled = () => new Promise((r) => setTimeout(r, 0))

describe("the menu's badges", () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    asks.worklist.mockReset().mockResolvedValue({ count: 3, capped: false })
    asks.supervision.mockReset().mockResolvedValue({ count: 1, capped: false })
  })
  afterEach(() => vi.useRealTimers())

  it('asks only for the badges the member sees, at once when they change', async () => {
    const store = useMenuCountsStore()
    store.want(['worklist'])
    await settled()
    expect(store.counts).toEqual({ worklist: 3 })
    expect(asks.supervision).not.toHaveBeenCalled()
    store.want(['worklist', 'supervision'])
    await settled()
    expect(store.counts).toEqual({ worklist: 3, supervision: 1 })
    store.want(['supervision']) // the worklist's badge goes with the section
    await settled()
    expect(store.counts).toEqual({ supervision: 1 })
  })

  it('asks again as pages change only after 15 s, unless forced', async () => {
    const store = useMenuCountsStore()
    store.want(['worklist'])
    await settled()
    await store.refresh()
    expect(asks.worklist).toHaveBeenCalledTimes(1)
    asks.worklist.mockResolvedValue({ count: 2, capped: false })
    await store.refresh(true)
    expect(asks.worklist).toHaveBeenCalledTimes(2)
    expect(store.counts.worklist).toBe(2)
  })

  it('shows a capped count as 1000 (99+) and keeps the last answer when an ask fails', async () => {
    const store = useMenuCountsStore()
    asks.worklist.mockResolvedValue({ count: 1000, capped: true })
    store.want(['worklist', 'supervision'])
    await settled()
    expect(store.counts.worklist).toBe(1000)
    asks.worklist.mockRejectedValue(new Error('offline'))
    asks.supervision.mockResolvedValue({ count: 0, capped: false })
    await store.refresh(true)
    expect(store.counts).toEqual({ worklist: 1000, supervision: 0 })
  })

  it('asks once after a burst of live task changes has settled', async () => {
    const store = useMenuCountsStore()
    store.want(['worklist'])
    await settled()
    vi.useFakeTimers()
    for (let i = 0; i < 5; i++) {
      store.refreshSoon()
      vi.advanceTimersByTime(500)
    }
    expect(asks.worklist).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1_500)
    expect(asks.worklist).toHaveBeenCalledTimes(2)
  })

  it('forgets everything on sign-out', async () => {
    const store = useMenuCountsStore()
    store.want(['worklist'])
    await settled()
    store.clear()
    expect(store.counts).toEqual({})
    await store.refresh(true)
    expect(asks.worklist).toHaveBeenCalledTimes(1) // nothing wanted any more
  })
})
