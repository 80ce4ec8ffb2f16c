import { defineStore } from 'pinia'
import { ref } from 'vue'
import { pendingPushCount } from '@/api/supervision'

/** Asked at most this often as the pages change (each navigation would otherwise be a request). */
const REFRESH_MS = 15_000

/**
 * The menu's badges: how much waits in a section for the signed-in member. Today 监管推送 (pushes to acknowledge): a
 * supervising department learns of a new push here, not only on its page. Read on sign-in, as pages change (at most every
 * 15 s) and when a page changes what it counts (acknowledging); no timer polls.
 */
export const useMenuCountsStore = defineStore('menuCounts', () => {
  const counts = ref<Record<string, number>>({})
  let askedAt = 0

  async function refresh(force = false): Promise<void> {
    if (!force && Date.now() - askedAt < REFRESH_MS) return
    askedAt = Date.now()
    try {
      const pending = await pendingPushCount()
      counts.value = { ...counts.value, supervision: pending.capped ? 1000 : pending.count }
    } catch {
      /* a badge is a hint: keep the last answer */
    }
  }

  function clear(): void {
    counts.value = {}
    askedAt = 0
  }

  return { counts, refresh, clear }
})
