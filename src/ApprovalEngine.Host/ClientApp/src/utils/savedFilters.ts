/** A worklist filter a user saved under a name; kept per user in localStorage (no server round trip). */
export interface SavedFilter {
  name: string
  view: string
  q: string
  definitionId: string
  sort: string
  desc: boolean
}

const KEY_PREFIX = 'approvalengine.worklist.filters.'

export function loadFilters(user: string, storage: Storage = localStorage): SavedFilter[] {
  try {
    const list = JSON.parse(storage.getItem(KEY_PREFIX + user) ?? '[]') as unknown
    return Array.isArray(list) ? list.filter((f): f is SavedFilter => !!f && typeof (f as SavedFilter).name === 'string') : []
  } catch {
    return []
  }
}

/** Saves (or replaces, by name) a filter; names are trimmed and must not be empty. Returns the new list. */
export function saveFilter(user: string, filter: SavedFilter, storage: Storage = localStorage): SavedFilter[] {
  const name = filter.name.trim()
  if (!name) throw new Error('A saved filter needs a name.')
  const list = loadFilters(user, storage).filter((f) => f.name !== name)
  list.push({ ...filter, name })
  list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  storage.setItem(KEY_PREFIX + user, JSON.stringify(list))
  return list
}

export function removeFilter(user: string, name: string, storage: Storage = localStorage): SavedFilter[] {
  const list = loadFilters(user, storage).filter((f) => f.name !== name)
  storage.setItem(KEY_PREFIX + user, JSON.stringify(list))
  return list
}
