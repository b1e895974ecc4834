import { createRouter, createWebHistory } from 'vue-router'
import { session, endSessionLocally } from '../auth/session'
import { whenSessionEnds } from '../api/http'
import SignIn from '../pages/SignIn.vue'
import ChangePassword from '../pages/ChangePassword.vue'
import Forbidden from '../pages/Forbidden.vue'
import DeskLayout from '../layout/DeskLayout.vue'
import Home from '../pages/Home.vue'
import { schoolRoutes } from '../pages/school/routes'
import { townRoutes } from '../pages/town/routes'
import { countyRoutes } from '../pages/county/routes'
import { caseRoutes } from '../pages/case/routes'
import { adminRoutes } from '../pages/admin/routes'
import { ledgerRoutes } from '../pages/ledger/routes'
import './areas'

const deskRoutes = [...schoolRoutes, ...townRoutes, ...ledgerRoutes, ...countyRoutes, ...caseRoutes, ...adminRoutes]

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', component: SignIn, meta: { public: true } },
    { path: '/password', component: ChangePassword },
    // Pages without the desk frame (the big screen of the leadership meeting room).
    ...deskRoutes.filter((r) => r.meta?.fullScreen),
    {
      path: '/',
      component: DeskLayout,
      children: [
        { path: '', component: Home },
        { path: 'forbidden', component: Forbidden },
        ...deskRoutes.filter((r) => !r.meta?.fullScreen),
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

/** The pages of the side menu the signed-in role may open, by group, in order. */
export function menuFor(role: string) {
  return deskRoutes
    .filter((r) => r.meta?.menu && (!r.meta.roles || r.meta.roles.includes(role as never)))
    .map((r) => ({ path: r.path.startsWith('/') ? r.path : '/' + r.path, ...r.meta!.menu! }))
    .sort((a, b) => a.order - b.order)
}

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!session.user) return { path: '/sign-in', query: { next: to.fullPath } }
  if (session.user.mustChangePassword && to.path !== '/password') return { path: '/password' }
  const roles = to.matched.flatMap((m) => m.meta.roles ?? [])
  if (roles.length > 0 && !roles.includes(session.user.role)) return { path: '/forbidden', query: { from: to.fullPath } }
  return true
})

// A session that ends on the server while a page is open: the page stays (with whatever was typed into it) and a
// sign-in dialog asks for the password again (DeskLayout); only a signed-out user is sent to the sign-in page.
whenSessionEnds(() => {
  if (!router.currentRoute.value.matched.some((m) => m.components?.default === DeskLayout)) {
    const next = router.currentRoute.value.fullPath
    endSessionLocally()
    router.push({ path: '/sign-in', query: { next, expired: '1' } })
  }
})
