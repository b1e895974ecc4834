import type { AreaRoutes } from '../../router/areas'

// The ledger pages. Each route names its roles and its place in the side menu (meta.menu).
export const ledgerRoutes: AreaRoutes = []
