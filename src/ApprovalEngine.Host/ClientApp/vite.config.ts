/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

// One project, several entries: index.html is the office (staff) front end; the applicant's mobile entry
// (Vant) is meant to be added as a second HTML entry under build.rollupOptions.input, sharing src/api, stores, locales.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    // `npm run dev` against a host on :5080 (dotnet run): the API, Studio and health stay on the host.
    proxy: Object.fromEntries(['/api', '/elsa', '/health'].map((p) => [p, 'http://127.0.0.1:5080'])),
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
  },
})
