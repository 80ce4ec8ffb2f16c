import { ref } from 'vue'
import { listInstances } from '@/api/instances'

/**
 * File numbers (文号) of applications by id, for audit rows that carry only the id. The audit APIs answer no file
 * number, and reading one application (GET /api/instances/{id}) would itself be logged as an access, so the newest
 * 500 of the list (which logs nothing) are read once; an older application shows a plain link instead.
 */
export function useFileNumbers() {
  const numbers = ref<Record<string, string>>({})
  let loaded: Promise<void> | null = null
  function load(): Promise<void> {
    loaded ??= listInstances({ pageSize: 500 }).then(
      (r) => void (numbers.value = Object.fromEntries(r.items.filter((i) => i.correlationId).map((i) => [i.id, i.correlationId as string]))),
      () => void (loaded = null),
    )
    return loaded
  }
  const fileOf = (id: string | null | undefined): string | null => (id ? numbers.value[id] ?? null : null)
  return { numbers, load, fileOf }
}
