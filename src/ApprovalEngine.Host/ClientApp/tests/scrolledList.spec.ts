import { describe, expect, it } from 'vitest'
import { useScrolledList, type ApplicantPage } from '@/applicant/scrolledList'

/** A list of `count` numbers served a page at a time, as the applicant endpoints answer; `asked` records the pages. */
function server(count: number) {
  const asked: number[] = []
  const all = Array.from({ length: count }, (_, i) => i)
  const fetchPage = async (page: number, size: number): Promise<ApplicantPage<number>> => {
    asked.push(page)
    return { items: all.slice(page * size, page * size + size), totalCount: count }
  }
  return { asked, fetchPage }
}

describe('an applicant list read as they scroll', () => {
  it('appends page after page and finishes at the total', async () => {
    const { asked, fetchPage } = server(45)
    const list = useScrolledList(fetchPage, 20)
    await list.load()
    expect(list.items.value).toHaveLength(20)
    expect(list.finished.value).toBe(false)
    await list.load()
    await list.load()
    expect(list.items.value).toEqual(Array.from({ length: 45 }, (_, i) => i))
    expect(list.total.value).toBe(45)
    expect(list.finished.value).toBe(true)
    expect(asked).toEqual([0, 1, 2])
  })

  it('drops a page that answers after a reset, and starts over from the first', async () => {
    let release: (() => void) | null = null
    const calls: number[] = []
    const list = useScrolledList<number>(async (page) => {
      calls.push(page)
      if (calls.length === 2) await new Promise<void>((r) => (release = r)) // the second page is slow
      return { items: [page], totalCount: 100 }
    }, 1)
    await list.load()
    const slow = list.load()
    list.reset() // a tab changed while page 1 was on its way
    release!()
    await slow
    await Promise.resolve()
    expect(list.items.value).toEqual([0]) // the new first page only, not the stale page 1
    expect(calls).toEqual([0, 1, 0])
  })

  it('marks a failed page for a retry and keeps what it had', async () => {
    let fail = false
    const list = useScrolledList<number>(async (page) => {
      if (fail) throw new Error('offline')
      return { items: [page], totalCount: 3 }
    }, 1)
    await list.load()
    fail = true
    await list.load()
    expect(list.failed.value).toBe(true)
    expect(list.items.value).toEqual([0])
  })
})
