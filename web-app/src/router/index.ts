import { createRouter, createWebHistory } from 'vue-router'
import { session, endSessionLocally } from '../auth/session'
import { whenSessionEnds } from '../api/http'
import SignIn from '../pages/SignIn.vue'
import ChangePassword from '../pages/ChangePassword.vue'
import DeskLayout from '../layout/DeskLayout.vue'
import Home from '../pages/Home.vue'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', component: SignIn, meta: { public: true } },
    { path: '/password', component: ChangePassword },
    {
      path: '/',
      component: DeskLayout,
      children: [{ path: '', component: Home }],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!session.user) return { path: '/sign-in', query: { next: to.fullPath } }
  if (session.user.mustChangePassword && to.path !== '/password') return { path: '/password' }
  return true
})

// A session that ends on the server (expired, or signed out elsewhere) sends the user to sign in again and back to
// the page they were on; what they typed into an open form stays in that page's component until they return.
whenSessionEnds(() => {
  const next = router.currentRoute.value.fullPath
  endSessionLocally()
  router.push({ path: '/sign-in', query: { next, expired: '1' } })
})
