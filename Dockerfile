# Multi-stage build: compile with dev dependencies, run with production ones as a non-root
# user. The server applies pending migrations itself before it listens.
# The image has no npm build step: run scripts compiled, e.g. roles with
#   docker compose exec api node dist/src/scripts/user-role.js someone@example.com STAFF
# GraphiQL (/graphiql) ships in node_modules; GRAPHQL_SANDBOX=true turns it on (local trials only).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/client/generated/gql/persisted-documents.json ./client/generated/gql/persisted-documents.json
COPY --from=build /app/src/auth/password-worker.cjs ./src/auth/password-worker.cjs
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:4000/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same Node flags as `npm start` (see README, Performance).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
