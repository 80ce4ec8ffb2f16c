import { defineStore } from 'pinia'
import { ref } from 'vue'
import { pendingPushCount } from '@/api/supervision'
import { waitingTaskCount } from '@/api/tasks'

/** Asked at most this often as the pages change (each navigation would otherwise be a request). */
const REFRESH_MS = 15_000
/** A burst of live task changes (a bulk approval, a fork into four departments) asks once, this long after the last. */
const SETTLE_MS = 1_500

/** The sections that carry a badge, and what each asks. */
export type BadgeId = 'worklist' | 'supervision'
const ASK: Record<BadgeId, () => Promise<{ count: number; capped: boolean }>> = {
  worklist: waitingTaskCount,
  supervision: pendingPushCount,
}

/**
 * The menu's badges: how much waits in a section for the signed-in member. 待办工作台 (the tasks of 部门待办, as the
 * worklist opens) for reviewers and clerks; 监管推送 (pushes to acknowledge) for a supervising department's reviewers.
 * Read on sign-in, as pages change (at most every 15 s), when a page changes what it counts (acknowledging) and shortly
 * after live task changes (a new task in the inbox shows in the menu without opening the worklist); no timer polls.
 */
export const useMenuCountsStore = defineStore('menuCounts', () => {
  const counts = ref<Record<string, number>>({})
  let wanted: BadgeId[] = []
  let askedAt = 0
  let settle: ReturnType<typeof setTimeout> | undefined

  /** The badges this member sees (the shell decides from roles and sections); a new set is asked at once. */
  function want(ids: BadgeId[]): void {
    const changed = ids.join() !== wanted.join()
    wanted = ids
    if (changed) {
      counts.value = Object.fromEntries(Object.entries(counts.value).filter(([id]) => ids.includes(id as BadgeId)))
      void refresh(true)
    }
  }

  async function refresh(force = false): Promise<void> {
    if (wanted.length === 0 || (!force && Date.now() - askedAt < REFRESH_MS)) return
    askedAt = Date.now()
    const asked = [...wanted]
    const answers = await Promise.allSettled(asked.map((id) => ASK[id]()))
    const next = { ...counts.value }
    asked.forEach((id, i) => {
      const answer = answers[i]
      // A badge is a hint: a failed ask keeps the last answer.
      if (answer.status === 'fulfilled') next[id] = answer.value.capped ? 1000 : answer.value.count
    })
    counts.value = next
  }

  /** After a live change: once the burst has settled. */
  function refreshSoon(): void {
    clearTimeout(settle)
    settle = setTimeout(() => void refresh(true), SETTLE_MS)
  }

  function clear(): void {
    clearTimeout(settle)
    counts.value = {}
    wanted = []
    askedAt = 0
  }

  return { counts, want, refresh, refreshSoon, clear }
})
