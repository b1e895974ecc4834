import type { AreaRoutes } from '../../router/areas'

// The ledger pages. Each route names its roles and its place in the side menu (meta.menu).
export const ledgerRoutes: AreaRoutes = [
  {
    path: '/ledgers/sanbang',
    component: () => import('./SanbangLedger.vue'),
    meta: {
      roles: ['VILLAGE', 'SCHOOL', 'TOWN', 'COUNTY'],
      menu: { title: '三帮一台账', group: '台账报表', order: 30 },
    },
  },
  {
    path: '/ledgers/returns',
    component: () => import('./ReturnsLedger.vue'),
    meta: {
      roles: ['VILLAGE', 'SCHOOL', 'TOWN', 'COUNTY'],
      menu: { title: '劝返销号台账', group: '台账报表', order: 31 },
    },
  },
]
