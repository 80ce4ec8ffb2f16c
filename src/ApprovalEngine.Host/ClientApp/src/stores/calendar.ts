import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { coverage as fetchCoverage, type Coverage } from '@/api/calendar'
import { HOLIDAY_DATA_YEARS } from '@/utils/deadline'

/** Which years the server has official holiday data for, and which years open deadlines reach without it (the banner). */
export const useCalendarStore = defineStore('calendar', () => {
  const coverage = ref<Coverage | null>(null)
  const known = computed(() =>
    coverage.value ? { first: coverage.value.firstKnownYear, last: coverage.value.lastKnownYear } : HOLIDAY_DATA_YEARS,
  )
  const missingYears = computed(() => coverage.value?.missingYears ?? [])

  /** Reloads the coverage; a failure keeps what was known (the banner is a hint, not a gate). */
  async function load(): Promise<void> {
    try {
      coverage.value = await fetchCoverage()
    } catch {
      /* keep the last answer */
    }
  }

  return { coverage, known, missingYears, load }
})
