# One image per service; SERVICE picks which:
#   docker build --build-arg SERVICE=order -t sagaflow-order .
# The build stage compiles the workspace; the image gets one service's compiled
# JavaScript, its migrations and its production dependencies, nothing else.
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    CI=true
# The pnpm version the workspace pins in package.json "packageManager".
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate
WORKDIR /src

# Manifests first: the install layer is rebuilt only when dependencies change. The
# harness's manifests too: a frozen install needs every project the lockfile names.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY patches patches
COPY packages/console/package.json packages/console/
COPY packages/contracts/package.json packages/contracts/
COPY packages/outbox/package.json packages/outbox/
COPY packages/service-kit/package.json packages/service-kit/
COPY services/order/package.json services/order/
COPY services/inventory/package.json services/inventory/
COPY services/payment/package.json services/payment/
COPY harness/baselines/package.json harness/baselines/
COPY harness/devstack/package.json harness/devstack/
COPY harness/relay-bench/package.json harness/relay-bench/
COPY harness/system/package.json harness/system/
COPY harness/testkit/package.json harness/testkit/
# devDependencies too: the compiler is one. Install scripts run only for the packages
# pnpm-workspace.yaml trusts (onlyBuiltDependencies).
RUN pnpm install --frozen-lockfile

# The product only (packages/*, services/*): the harness does not ship. Before the
# SERVICE argument, so the three images share every layer up to here.
COPY tsconfig.base.json tsconfig.package.json ./
COPY packages packages
COPY services services
RUN pnpm exec tsc -b services/order/tsconfig.build.json services/inventory/tsconfig.build.json \
      services/payment/tsconfig.build.json
# The operator console, bundled (React and all) into packages/console/dist/app: the
# order service serves it, and its image carries only these static files.
RUN pnpm --filter @sagaflow/console run build:app

ARG SERVICE=order
# The service with its production dependencies from the lockfile; workspace packages
# are copied as they would be packed (their package.json "files": dist, migrations).
# Injected only here: the workspace itself keeps symlinked packages for development.
RUN pnpm --config.inject-workspace-packages=true --filter "@sagaflow/${SERVICE}" \
      deploy --prod /deploy

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root: the service, running as node, cannot change its own code.
COPY --from=build /deploy ./
EXPOSE 3000
USER node
# node is PID 1 and receives SIGTERM itself, so `docker stop` shuts the service down gracefully.
CMD ["node", "dist/main.js"]
