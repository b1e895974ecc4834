import type { AreaRoutes } from '../../router/areas'
import CountyReportPage from './CountyReportPage.vue'

// The county pages. Each route names its roles and its place in the side menu (meta.menu).
// The report opens first and is loaded with the app; the chart pages (ECharts) load when opened.
export const countyRoutes: AreaRoutes = [
  {
    path: '/county/report',
    component: CountyReportPage,
    meta: { roles: ['COUNTY'], menu: { title: '全县报表', group: '统计分析', order: 40 } },
  },
  {
    path: '/county/monthly',
    component: () => import('./CountyMonthlyPage.vue'),
    meta: { roles: ['COUNTY'], menu: { title: '月报', group: '统计分析', order: 41 } },
  },
  {
    path: '/county/trends',
    component: () => import('./CountyTrendsPage.vue'),
    meta: { roles: ['COUNTY'], menu: { title: '趋势', group: '统计分析', order: 42 } },
  },
  {
    path: '/county/big-screen',
    component: () => import('./CountyBigScreen.vue'),
    meta: { roles: ['COUNTY'], fullScreen: true },
  },
]
