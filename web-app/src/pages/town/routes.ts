import type { AreaRoutes } from '../../router/areas'

// The town pages. Each route names its roles and its place in the side menu (meta.menu).
export const townRoutes: AreaRoutes = [
  {
    path: '/town/dashboard',
    component: () => import('./TownDashboard.vue'),
    meta: { roles: ['TOWN', 'COUNTY'], menu: { title: '乡镇工作台', group: '案件办理', order: 20 } },
  },
  {
    path: '/town/transfers',
    component: () => import('./Transfers.vue'),
    meta: { roles: ['TOWN', 'COUNTY'], menu: { title: '转入转出', group: '台账报表', order: 32 } },
  },
  {
    path: '/town/list-intake',
    component: () => import('./ListIntakePage.vue'),
    meta: { roles: ['TOWN', 'COUNTY'], menu: { title: '名单导入', group: '案件办理', order: 22 } },
  },
  {
    path: '/town/verification',
    component: () => import('./VerificationPage.vue'),
    meta: { roles: ['VILLAGE', 'TOWN', 'COUNTY'], menu: { title: '待核实', group: '案件办理', order: 21 } },
  },
]
