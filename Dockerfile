# dingtalk-sandbox in a container (docs/decisions/0024-container.md).
#   docker build -t dingtalk-sandbox .
#   docker run --rm -p 3700:3700 -e DINGTALK_SANDBOX_ADMIN_TOKEN=change-me dingtalk-sandbox
# Inside, the sandbox listens on 0.0.0.0:3700. The DingTalk endpoints answer whoever reaches the port;
# the admin API and the console answer from outside only with the admin token
# (`Authorization: Bearer <token>`); without DINGTALK_SANDBOX_ADMIN_TOKEN they answer nobody outside.
# Without access to Docker Hub, any Debian-based image with Node ≥ 20.19, npm and a `node` user will do:
#   podman build --build-arg NODE_IMAGE=localhost/node:20-debian -t dingtalk-sandbox .
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

# Build: every dependency (TypeScript, esbuild, types), then `npm run build` → dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build needs none (esbuild ships its binary as a package), and the reference
# BI's native better-sqlite3 would try to download or compile one.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-cli.mjs scripts/
COPY mock-server/src mock-server/src
RUN npm run build

# Runtime: the runtime dependencies, dist/ and the default tenant; nothing else, run as `node`.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=peer --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
COPY fixtures/snapshots fixtures/snapshots
COPY LICENSE README.md ./
USER node
EXPOSE 3700
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3700/__sandbox/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "--max-semi-space-size=32", "dist/cli.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3700"]
