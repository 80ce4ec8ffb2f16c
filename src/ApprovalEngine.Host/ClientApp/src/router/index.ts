import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { ElMessage } from 'element-plus'
import { i18n } from '@/locales'
import { readSession } from '@/utils/session'
import { CASEWORK, canUse, homeFor, STAFF } from '@/utils/roles'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title */
    title?: string
    /** roles that may open the page; absent = any signed-in user */
    roles?: readonly string[]
    /** no sign-in needed */
    public?: boolean
    /** no shell (the sign-in page) */
    bare?: boolean
  }
}

// Every route here is also in the host's OfficeApp.Routes (it answers index.html for them). Pages load lazily.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: { render: () => null }, meta: { public: true } },
  { path: '/signin', name: 'signin', component: () => import('@/views/signin/SignInView.vue'), meta: { public: true, bare: true, title: 'signin.title' } },
  { path: '/worklist', name: 'worklist', component: () => import('@/views/worklist/WorklistView.vue'), meta: { title: 'menu.worklist', roles: ['reviewer', 'clerk', 'admin'] } },
  { path: '/inbox', redirect: (to) => ({ path: '/worklist', query: to.query }) },
  { path: '/intake', name: 'intake', component: () => import('@/views/intake/IntakeView.vue'), meta: { title: 'menu.intake', roles: ['clerk', 'admin'] } },
  { path: '/applications', name: 'applications', component: () => import('@/views/applications/ApplicationsView.vue'), meta: { title: 'menu.applications', roles: CASEWORK } },
  { path: '/applications/:id', name: 'application', component: () => import('@/views/application/ApplicationView.vue'), meta: { title: 'application.title', roles: CASEWORK }, props: true },
  { path: '/dashboard', name: 'dashboard', component: () => import('@/views/dashboard/DashboardView.vue'), meta: { title: 'menu.dashboard', roles: STAFF } },
  { path: '/audit', name: 'audit', component: () => import('@/views/audit/AuditView.vue'), meta: { title: 'menu.audit', roles: ['auditor', 'admin'] } },
  { path: '/admin', name: 'admin', component: () => import('@/views/admin/AdminView.vue'), meta: { title: 'menu.admin', roles: ['admin'] } },
  { path: '/directory', name: 'directory', component: () => import('@/views/directory/DirectoryView.vue'), meta: { title: 'menu.directory', roles: ['admin'] } },
  { path: '/care', name: 'care', component: () => import('@/views/care/CareView.vue'), meta: { title: 'menu.care', roles: ['reviewer', 'clerk', 'admin', 'auditor'] } },
  { path: '/licences', name: 'licences', component: () => import('@/views/licences/LicencesView.vue'), meta: { title: 'menu.licences', roles: CASEWORK } },
  { path: '/supervision', name: 'supervision', component: () => import('@/views/supervision/SupervisionView.vue'), meta: { title: 'menu.supervision', roles: ['reviewer', 'admin', 'auditor'] } },
  { path: '/credit-marks', name: 'credit', component: () => import('@/views/credit/CreditMarksView.vue'), meta: { title: 'menu.credit', roles: ['admin', 'clerk', 'auditor'] } },
  { path: '/holidays', name: 'holidays', component: () => import('@/views/holidays/HolidaysView.vue'), meta: { title: 'menu.holidays', roles: ['admin'] } },
  { path: '/verify/:number?', name: 'verify', component: () => import('@/views/verify/VerifyView.vue'), meta: { public: true, title: 'menu.verify' }, props: true },
  { path: '/:pathMatch(.*)*', name: 'notFound', redirect: '/' },
]

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach((to) => {
    const session = readSession()
    if (to.name === 'home') return session ? homeFor(session.roles) : '/signin'
    if (to.meta.public) return true
    if (!session) return { path: '/signin', query: { returnUrl: to.fullPath } }
    if (!canUse(session.roles, to.meta.roles)) {
      // Said, not silent: a link from a colleague to a page this role may not open lands on the home page with a reason.
      ElMessage.warning({ message: i18n.global.t('app.pageForbidden'), grouping: true })
      return homeFor(session.roles)
    }
    return true
  })
  return router
}
