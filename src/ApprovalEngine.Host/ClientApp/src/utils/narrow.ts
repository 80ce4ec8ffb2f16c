import { onMounted, onUnmounted, ref, type Ref } from 'vue'

/** True on a phone-width window (the shell's own breakpoint, 768 px): lists switch from tables to cards. */
export function useNarrow(query = '(max-width: 768px)'): Ref<boolean> {
  const narrow = ref(false)
  const measure = () => (narrow.value = window.matchMedia(query).matches)
  onMounted(() => {
    measure()
    window.addEventListener('resize', measure)
  })
  onUnmounted(() => window.removeEventListener('resize', measure))
  return narrow
}
