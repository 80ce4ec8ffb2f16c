import { onMounted, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { translateError } from '@/api/errors'
import type { Paged } from '@/api/http'

/**
 * A staff list read a page at a time (1-based) with its total, as the office's el-pagination shows it: `load` reads the
 * current page (first on mount, `firstPage` when the address names one), `reload` goes back to page 1 (a filter changed).
 * `capped`: the server stopped counting at `total` (the applications list). The error is in the person's language.
 */
export function usePagedList<T>(fetch: (page: number, pageSize: number) => Promise<Paged<T> & { capped?: boolean }>, pageSize = 20, firstPage = 1) {
  const { t, te } = useI18n()
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const capped = ref(false)
  const page = ref(firstPage)
  const loading = ref(false)
  const error = ref('')

  async function load(): Promise<void> {
    loading.value = true
    error.value = ''
    try {
      const result = await fetch(page.value, pageSize)
      rows.value = result.items
      total.value = result.total
      capped.value = result.capped === true
    } catch (e) {
      error.value = translateError(e, t, te)
    } finally {
      loading.value = false
    }
  }

  function reload(): Promise<void> {
    page.value = 1
    return load()
  }

  onMounted(load)
  return { rows, total, capped, page, pageSize, loading, error, load, reload }
}
