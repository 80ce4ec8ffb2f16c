import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { clearSession, readSession, saveSession, type Session } from '@/utils/session'
import { homeFor, sectionsFor } from '@/utils/roles'
import * as auth from '@/api/auth'
import { departments, type Department } from '@/api/directory'
import { listStaff, type Staff } from '@/api/taskops'

/** The signed-in user and the department directory (display names: the UI never shows a department code). */
export const useSessionStore = defineStore('session', () => {
  const session = ref<Session | null>(readSession())
  const directory = ref<Department[]>([])
  const staff = ref<Staff[]>([])

  const signedIn = computed(() => session.value !== null)
  const roles = computed(() => session.value?.roles ?? [])
  const sections = computed(() => sectionsFor(roles.value))
  const home = computed(() => homeFor(roles.value))
  // The directory's name. A user it does not know comes back named by their sign-in id: that is not shown (the shell
  // shows their role instead); a token's own non-ASCII name (王) is a name.
  const displayName = computed(() => personName(session.value?.name, session.value?.user))

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
    const [me, deps, people] = await Promise.allSettled([auth.me(), departments(), listStaff()])
    if (deps.status === 'fulfilled') directory.value = deps.value
    if (people.status === 'fulfilled' && Array.isArray(people.value)) staff.value = people.value
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

  /** A staff member's name from the directory; null when it does not know the id. */
  function userName(id: string | null | undefined): string | null {
    if (!id) return null
    return staff.value.find((s) => s.id === id)?.name ?? (id === session.value?.user ? displayName.value || null : null)
  }

  return { session, directory, staff, userName, signedIn, roles, sections, home, displayName, has, signIn, signOut, reload, loadProfile, departmentName }
})

/** A person's name for display, or '' when all we have is their sign-in id (ASCII, the same as the user). */
export function personName(name: string | null | undefined, user: string | null | undefined): string {
  if (!name) return ''
  return name === user && /^[\x21-\x7e]+$/.test(name) ? '' : name
}
