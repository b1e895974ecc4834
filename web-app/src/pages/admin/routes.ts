import type { AreaRoutes } from '../../router/areas'

// The admin pages. Each route names its roles and its place in the side menu (meta.menu).
// Roles follow the servers: accounts and projections are the administrator's only (requireAdmin); the unit
// directory is kept by the county bureau and the county's administrator (DirectoryPermissions.mayMaintain).
export const adminRoutes: AreaRoutes = [
  {
    path: 'admin/accounts',
    component: () => import('./AccountsPage.vue'),
    meta: { roles: ['ADMIN'], menu: { title: '账号管理', group: '系统管理', order: 90 } },
  },
  {
    path: 'admin/directory',
    component: () => import('./DirectoryPage.vue'),
    meta: { roles: ['ADMIN', 'COUNTY'], menu: { title: '单位目录', group: '系统管理', order: 91 } },
  },
  {
    path: 'admin/projections',
    component: () => import('./ProjectionsPage.vue'),
    meta: { roles: ['ADMIN'], menu: { title: '读侧数据', group: '系统管理', order: 92 } },
  },
]
