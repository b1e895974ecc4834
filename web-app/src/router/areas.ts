import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../auth/session'

// What each desk page declares about itself: who may open it and where it sits in the side menu. The router refuses
// a page to the other roles (无权访问) and the side menu lists only what the signed-in role may open.
declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    roles?: Role[]
    menu?: { title: string; group: string; order: number }
    fullScreen?: boolean
  }
}

export type AreaRoutes = RouteRecordRaw[]
