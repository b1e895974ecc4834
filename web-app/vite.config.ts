import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

declare const process: { env: Record<string, string | undefined> }

// The pages are built into the web-app jar (META-INF/resources, served by the case service at /).
// `npm run dev` serves them with hot reload and sends /api to a running product (./run.sh): the case service on
// 8080 routes the read-side paths on to the query service itself, so one origin is all the pages ever call.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // KCBX_API points the dev server at another instance (an engineer's own backend on another port).
    proxy: { '/api': process.env.KCBX_API ?? 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
})
