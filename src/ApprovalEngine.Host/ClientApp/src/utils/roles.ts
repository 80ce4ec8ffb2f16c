export const STAFF = ['admin', 'designer', 'reviewer', 'auditor', 'clerk'] as const
/** Staff who handle or oversee applications; designers read none (the API answers them with nothing or 403). */
export const CASEWORK = ['admin', 'reviewer', 'auditor', 'clerk'] as const

export interface Section {
  id: string
  path: string
  /** i18n key of the menu label */
  label: string
  icon: string
  roles: readonly string[] | null
  /** Served by the host outside the SPA (Elsa Studio): a full page load. */
  external?: boolean
}

// The menu and the roles that can use each section. The API enforces the same rules; the menu only spares people
// links that would answer 403. Verify (the public certificate check) needs no sign-in.
export const SECTIONS: Section[] = [
  { id: 'worklist', path: '/worklist', label: 'menu.worklist', icon: 'Tickets', roles: ['reviewer', 'clerk', 'admin'] },
  { id: 'intake', path: '/intake', label: 'menu.intake', icon: 'DocumentAdd', roles: ['clerk', 'admin'] },
  { id: 'applications', path: '/applications', label: 'menu.applications', icon: 'Files', roles: CASEWORK },
  { id: 'dashboard', path: '/dashboard', label: 'menu.dashboard', icon: 'DataAnalysis', roles: STAFF },
  { id: 'licences', path: '/licences', label: 'menu.licences', icon: 'Postcard', roles: CASEWORK },
  { id: 'care', path: '/care', label: 'menu.care', icon: 'ChatDotRound', roles: ['reviewer', 'clerk', 'admin', 'auditor'] },
  { id: 'supervision', path: '/supervision', label: 'menu.supervision', icon: 'View', roles: ['reviewer', 'admin', 'auditor'] },
  { id: 'credit', path: '/credit-marks', label: 'menu.credit', icon: 'Warning', roles: ['admin', 'clerk', 'auditor'] },
  { id: 'audit', path: '/audit', label: 'menu.audit', icon: 'Stamp', roles: ['auditor', 'admin'] },
  { id: 'directory', path: '/directory', label: 'menu.directory', icon: 'OfficeBuilding', roles: ['admin'] },
  { id: 'holidays', path: '/holidays', label: 'menu.holidays', icon: 'Calendar', roles: ['admin'] },
  { id: 'admin', path: '/admin', label: 'menu.admin', icon: 'Setting', roles: ['admin'] },
  { id: 'designer', path: '/designer', label: 'menu.designer', icon: 'Share', roles: ['designer', 'admin', 'auditor'], external: true },
  { id: 'verify', path: '/verify', label: 'menu.verify', icon: 'CircleCheck', roles: null },
]

export function sectionsFor(roles: readonly string[] | null | undefined): Section[] {
  return SECTIONS.filter((s) => s.roles === null || (roles ?? []).some((r) => s.roles!.includes(r)))
}

export function canUse(roles: readonly string[] | null | undefined, allowed: readonly string[] | null | undefined): boolean {
  return !allowed || (roles ?? []).some((r) => allowed.includes(r))
}

/** Where `/` sends a signed-in user: their first section (the worklist for staff who have one). */
export function homeFor(roles: readonly string[] | null | undefined): string {
  const first = sectionsFor(roles).find((s) => s.roles !== null && !s.external)
  return first ? first.path : '/signin'
}
