import type { AreaRoutes } from '../../router/areas'

// The school pages. Each route names its roles and its place in the side menu (meta.menu).
export const schoolRoutes: AreaRoutes = [
  {
    path: '/school/cases',
    component: () => import('./SchoolCasesPage.vue'),
    meta: { roles: ['SCHOOL'], menu: { title: '本校在办案件', group: '案件办理', order: 10 } },
  },
  {
    path: '/school/watch',
    component: () => import('./WatchListPage.vue'),
    meta: { roles: ['SCHOOL'], menu: { title: '观察期名单', group: '案件办理', order: 11 } },
  },
  {
    path: '/school/home-teaching',
    component: () => import('./HomeTeachingPage.vue'),
    meta: { roles: ['SCHOOL'], menu: { title: '送教上门', group: '案件办理', order: 12 } },
  },
  {
    // Before /cases/:caseId of the case pages: a static segment ranks first in vue-router anyway.
    path: '/cases/new',
    component: () => import('./IdentifyCasePage.vue'),
    meta: { roles: ['VILLAGE', 'SCHOOL', 'TOWN', 'COUNTY'], menu: { title: '登记疑似辍学学生', group: '案件办理', order: 5 } },
  },
]
