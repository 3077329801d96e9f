# egress-policy as a container image for `kpt fn render` (image: …), kustomize's
# `container:` functions and Argo CD. Stage 1 builds the one-file bundle; stage 2 runs it on a
# distroless Node 20 base as a non-root user. kpt and kustomize run images with
# `--user nobody --network none`: the bundle needs no HOME, no network and no writable disk.
#
# Bases are pinned by digest. These digests were taken from public pins and could not be pulled
# from the machine this was written on (no container engine): refresh them with
# `docker buildx imagetools inspect <image>` before the first release build.
ARG BUILD_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot@sha256:2cd820156cf039c8b54ae2d2a97e424b6729070714de8707a6b79f20d56f6a9a

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY functions ./functions
RUN npm run build

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="egress-policy" \
      org.opencontainers.image.description="KRM function: expands ASMEgressTrafficPolicy into Istio egress-gateway configuration" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="0.1.0"
COPY --from=build /src/dist/egress-policy.cjs /app/egress-policy.cjs
# distroless "nonroot" (65532); any other UID works too, the file is world-readable.
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "/app/egress-policy.cjs"]
