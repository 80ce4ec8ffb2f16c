import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { readApplicantSession } from './session'

// Every route here is also in the host's OfficeApp.ApplicantRoutes (it answers applicant.html for them).
export const applicantRoutes: RouteRecordRaw[] = [
  { path: '/service', name: 'guides', component: () => import('@/views/applicant/GuidesView.vue'), meta: { public: true, title: 'applicant.nav.guides' } },
  { path: '/service/guides/:definitionId', name: 'guide', component: () => import('@/views/applicant/GuideView.vue'), meta: { public: true, title: 'applicant.nav.guide' }, props: true },
  { path: '/service/apply/:definitionId', name: 'apply', component: () => import('@/views/applicant/ApplyView.vue'), meta: { title: 'applicant.nav.apply' }, props: true },
  { path: '/service/mine', name: 'mine', component: () => import('@/views/applicant/MineView.vue'), meta: { title: 'applicant.nav.mine' } },
  { path: '/service/mine/:id', name: 'mineDetail', component: () => import('@/views/applicant/ApplicationView.vue'), meta: { title: 'applicant.nav.detail' }, props: true },
  { path: '/service/progress', name: 'progress', component: () => import('@/views/applicant/ProgressView.vue'), meta: { public: true, title: 'applicant.nav.progress' } },
  { path: '/service/complaints', name: 'complaints', component: () => import('@/views/applicant/ComplaintsView.vue'), meta: { public: true, title: 'applicant.nav.complaints' } },
  { path: '/service/complaints/new', name: 'complaintNew', component: () => import('@/views/applicant/ComplaintNewView.vue'), meta: { public: true, title: 'applicant.nav.complaintNew' } },
  { path: '/service/complaints/:number', name: 'complaint', component: () => import('@/views/applicant/ComplaintDetailView.vue'), meta: { public: true, title: 'applicant.nav.complaint' }, props: true },
  { path: '/service/signin', name: 'applicantSignin', component: () => import('@/views/applicant/SignInView.vue'), meta: { public: true, title: 'applicant.nav.signin' } },
]

export function createApplicantRouter() {
  const router = createRouter({ history: createWebHistory(), routes: applicantRoutes })
  router.beforeEach((to) => (to.meta.public || readApplicantSession() ? true : { path: '/service/signin', query: { returnUrl: to.fullPath } }))
  return router
}
