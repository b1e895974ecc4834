import type { AreaRoutes } from '../../router/areas'

// The case pages. Each route names its roles and its place in the side menu (meta.menu).
export const caseRoutes: AreaRoutes = []
