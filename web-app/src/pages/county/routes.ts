import type { AreaRoutes } from '../../router/areas'

// The county pages. Each route names its roles and its place in the side menu (meta.menu).
export const countyRoutes: AreaRoutes = []
