import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'
import { phoneServiceWorker } from './src/phone/offline/serviceWorkerPlugin.ts'
import { vantIconFontAsFile } from './src/phone/offline/vantIconFont.ts'

declare const process: { env: Record<string, string | undefined> }

// Two sets of pages, built into the web-app jar (META-INF/resources, served by the case service at /):
// the desk pages (index.html, Element Plus) and the phone pages (m/index.html, Vant, offline through a service
// worker whose list of files to keep is written at build time). They share the API client and the rules, never a UI
// library, so a phone downloads no desk code.
// `npm run dev` serves them with hot reload and sends /api to a running product (./run.sh): the case service on
// 8080 routes the read-side paths on to the query service itself, so one origin is all the pages ever call.
// The dev server answers every other path with the desk page; the phone pages' paths get theirs (the product's
// PageFallback does the same).
const phonePagesInDev: Plugin = {
  name: 'kcbx-phone-pages-in-dev',
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      const page = request as unknown as { url?: string }
      if (page.url && /^\/m(\/[^.]*)?$/.test(page.url.split('?')[0])) page.url = '/m/index.html'
      next()
    })
  },
}

export default defineConfig({
  plugins: [vue(), vantIconFontAsFile(), phonePagesInDev, phoneServiceWorker({ entry: 'm/index.html', template: 'src/phone/offline/sw.js', alsoKeep: /^assets\/vant-icon-/ })],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { desk: 'index.html', phone: 'm/index.html' },
    },
  },
  server: {
    // KCBX_API points the dev server at another instance (an engineer's own backend on another port).
    proxy: { '/api': process.env.KCBX_API ?? 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
})
