import { defineStore } from 'pinia'
import { ref } from 'vue'
import { materialTitles, type MaterialTitleMap } from '@/api/materials'
import { materialOptions, materialTitle } from '@/utils/materials'

/** Material titles of the published processes, loaded once per sign-in; pages call title(name, definitionId). */
export const useMaterialsStore = defineStore('materials', () => {
  const map = ref<MaterialTitleMap>({})
  let loading: Promise<void> | null = null

  function load(force = false): Promise<void> {
    if (!loading || force) {
      loading = materialTitles().then(
        (m) => void (map.value = m),
        () => void (loading = null), // a failed load is tried again by the next page; names show meanwhile
      )
    }
    return loading
  }

  const title = (name: string, definitionId?: string | null) => materialTitle(map.value, name, definitionId)
  const titles = (names: string[], definitionId?: string | null) => names.map((n) => title(n, definitionId))
  const options = (definitionId?: string | null, extra: string[] = []) => materialOptions(map.value, definitionId, extra)

  return { map, load, title, titles, options }
})
