/**
 * Vite for the example app. The app calls the API on its own origin (`/graphql`), so the
 * refresh cookie (HttpOnly, SameSite=Strict, Path=/graphql) works and no CORS is involved:
 * the dev server and `vite preview` forward /graphql to the API, as a production deployment's
 * reverse proxy would, WebSocket upgrades (subscriptions) included.
 *
 * JSX is compiled by Vite's built-in esbuild transform (React's automatic runtime); no React
 * plugin is needed (a change reloads the page instead of hot-swapping components).
 */
import { defineConfig } from 'vite';

/** The API that /graphql is forwarded to (`npm run example:web` sets it). */
const apiUrl = process.env.CAMPUS_API_URL ?? 'http://localhost:4000';
const proxy = { '/graphql': { target: apiUrl, ws: true } };

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  // One React for the app and for @apollo/client (hoisted to the repository root, where the
  // API's offline GraphiQL keeps React 18): the app's own React 19.
  resolve: { dedupe: ['react', 'react-dom'] },
  server: { port: Number(process.env.WEB_PORT ?? 5173), proxy },
  preview: { port: Number(process.env.WEB_PORT ?? 4173), proxy },
  build: { sourcemap: true, target: 'es2022' },
});
