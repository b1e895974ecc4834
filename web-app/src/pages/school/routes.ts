import type { AreaRoutes } from '../../router/areas'

// The school pages. Each route names its roles and its place in the side menu (meta.menu).
export const schoolRoutes: AreaRoutes = []
