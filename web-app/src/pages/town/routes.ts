import type { AreaRoutes } from '../../router/areas'

// The town pages. Each route names its roles and its place in the side menu (meta.menu).
export const townRoutes: AreaRoutes = []
