import type { AreaRoutes } from '../../router/areas'

// The admin pages. Each route names its roles and its place in the side menu (meta.menu).
export const adminRoutes: AreaRoutes = []
