# One image for the three services; SERVICE picks which one the container runs:
#   docker build --build-arg SERVICE=order -t sagaflow-order .
# The services run from TypeScript through tsx, as in development: there is no build step.
FROM node:24-slim

ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    CI=true
# The pnpm version the workspace pins in package.json "packageManager".
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate

WORKDIR /app

# Manifests first: the install layer is rebuilt only when dependencies change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/outbox/package.json packages/outbox/
COPY packages/service-kit/package.json packages/service-kit/
COPY services/order/package.json services/order/
COPY services/inventory/package.json services/inventory/
COPY services/payment/package.json services/payment/
COPY harness/devstack/package.json harness/devstack/
COPY harness/relay-bench/package.json harness/relay-bench/
COPY harness/system/package.json harness/system/
COPY harness/testkit/package.json harness/testkit/
# Every workspace project and devDependencies too: tsx runs the services. Install
# scripts run only for the packages pnpm-workspace.yaml trusts (onlyBuiltDependencies).
RUN pnpm install --frozen-lockfile

COPY tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY services services
COPY harness harness

# Last, so the three service images share every layer above.
ARG SERVICE=order
# NODE_ENV only now: set before the install, pnpm would leave out tsx (a devDependency).
ENV SERVICE=${SERVICE} \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000
USER node
# exec: node is PID 1 and receives SIGTERM itself, so `docker stop` shuts the service down gracefully.
CMD ["sh", "-c", "exec node --import tsx \"services/$SERVICE/src/main.ts\""]
