import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { clearSession, readSession, saveSession, type Session } from '@/utils/session'
import { homeFor, sectionsFor } from '@/utils/roles'
import * as auth from '@/api/auth'
import { departments, type Department } from '@/api/directory'

/** The signed-in user and the department directory (display names: the UI never shows a department code). */
export const useSessionStore = defineStore('session', () => {
  const session = ref<Session | null>(readSession())
  const directory = ref<Department[]>([])

  const signedIn = computed(() => session.value !== null)
  const roles = computed(() => session.value?.roles ?? [])
  const sections = computed(() => sectionsFor(roles.value))
  const home = computed(() => homeFor(roles.value))
  const displayName = computed(() => session.value?.name || session.value?.user || '')

  function has(...wanted: string[]): boolean {
    return roles.value.some((r) => wanted.includes(r))
  }

  function signIn(s: Session): void {
    saveSession(s)
    session.value = s
  }

  function signOut(): void {
    clearSession()
    session.value = null
  }

  /** Re-reads localStorage: another tab (or the designer) may have signed in or out. */
  function reload(): void {
    session.value = readSession()
  }

  /** Names from GET /api/me and the directory; both optional (an older server shows codes' labels instead). */
  async function loadProfile(): Promise<void> {
    if (!session.value) return
    const [me, deps] = await Promise.allSettled([auth.me(), departments()])
    if (deps.status === 'fulfilled') directory.value = deps.value
    if (me.status === 'fulfilled' && me.value && session.value) {
      const s = { ...session.value, name: me.value.name, departmentName: me.value.departmentName }
      saveSession(s)
      session.value = s
    }
  }

  /** A department's display name in the current language; the code only when the directory does not know it. */
  function departmentName(code: string | null | undefined, locale: string, given?: string | null): string {
    if (!code) return ''
    const d = directory.value.find((x) => x.code === code)
    if (d) return locale === 'en' && d.nameEn ? d.nameEn : d.name
    return given || code
  }

  return { session, directory, signedIn, roles, sections, home, displayName, has, signIn, signOut, reload, loadProfile, departmentName }
})
