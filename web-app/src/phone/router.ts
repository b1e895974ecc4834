import { createRouter, createWebHistory } from 'vue-router'
import { phone } from './session'
import MyCases from './pages/MyCases.vue'
import CaseCard from './pages/CaseCard.vue'
import VisitForm from './pages/VisitForm.vue'
import SessionForm from './pages/SessionForm.vue'
import ReturnForm from './pages/ReturnForm.vue'
import NewCase from './pages/NewCase.vue'
import Outbox from './pages/Outbox.vue'
import Me from './pages/Me.vue'
import SignIn from './pages/SignIn.vue'

// The phone pages, all in one bundle: a page opened in a valley cannot fetch a piece it has not got yet.
export const router = createRouter({
  history: createWebHistory('/m/'),
  routes: [
    { path: '/', component: MyCases, meta: { tab: true } },
    { path: '/cases/:caseId', component: CaseCard, props: true },
    { path: '/cases/:caseId/visit', component: VisitForm, props: true },
    { path: '/cases/:caseId/session', component: SessionForm, props: true },
    { path: '/cases/:caseId/return', component: ReturnForm, props: true },
    { path: '/new', component: NewCase, meta: { tab: true } },
    { path: '/outbox', component: Outbox, meta: { tab: true } },
    { path: '/me', component: Me, meta: { tab: true } },
    { path: '/sign-in', component: SignIn, meta: { public: true } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach((to) => {
  if (!to.meta.public && !phone.user) return { path: '/sign-in' }
  if (to.path === '/sign-in' && phone.user) return { path: '/' }
  return true
})
