import type { AreaRoutes } from '../../router/areas'

// The case pages. Each route names its roles and its place in the side menu (meta.menu).
export const caseRoutes: AreaRoutes = [
  {
    // Opened from the lists and ledgers (no menu entry): one case, its helpers, its history and its next steps.
    path: 'cases/:caseId',
    component: () => import('./CasePage.vue'),
    meta: { roles: ['VILLAGE', 'SCHOOL', 'TOWN', 'COUNTY'] },
  },
]
