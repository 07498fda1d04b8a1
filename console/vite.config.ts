import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web console: built from console/ into console/dist, served by the Hotline process at `/`. */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite --config console/vite.config.ts` during development: the API runs on :8080.
    proxy: { '/v1': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' },
  },
});
