import { ref, type Ref } from 'vue'

/** One page (0-based) of an applicant's own list, as the server answers it. */
export interface ApplicantPage<T> {
  items: T[]
  totalCount: number
}

/**
 * An applicant's list read a page at a time as they scroll (Vant's List calls `load`): an enterprise files and rates for
 * years, so no list of theirs is capped. `reset` starts over (a tab changed); a page that answers after a reset is dropped.
 */
export function useScrolledList<T>(fetchPage: (page: number, pageSize: number) => Promise<ApplicantPage<T>>, pageSize = 20) {
  const items = ref([]) as Ref<T[]>
  const total = ref<number | null>(null)
  const loading = ref(false)
  const finished = ref(false)
  const failed = ref(false)
  let next = 0
  let generation = 0

  async function load() {
    const mine = generation
    try {
      const page = await fetchPage(next, pageSize)
      if (mine !== generation) return
      items.value.push(...page.items)
      total.value = page.totalCount
      next += 1
      finished.value = items.value.length >= page.totalCount || page.items.length < pageSize
    } catch {
      if (mine === generation) failed.value = true
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function reset() {
    generation += 1
    items.value = []
    total.value = null
    next = 0
    failed.value = false
    finished.value = false
    loading.value = true
    void load()
  }

  return { items, total, loading, finished, failed, load, reset }
}
