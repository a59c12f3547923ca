# kedaguard container image.
#
#   docker build -t kedaguard:0.1.0 .        (or: podman build -t kedaguard:0.1.0 .)
#
# Build stage: Swift on Debian bookworm, so the binary links against the same glibc as the
# runtime stage. scripts/build-release.sh links the Swift runtime, Foundation and ICU data into
# the binary and lays out the code the server runs together (it keeps the server's resident
# memory down); what is left are libc, libm, libstdc++ and libgcc_s, all in debian:bookworm-slim
# (scripts/check-static-binary.sh checks this on a bare bookworm root). The runtime image needs
# glibc 2.36 or later (compact relocations).
ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# Dependencies first, so changing kedaguard's sources does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
# SwiftPM wants every target's folder, test targets included, even when building one product.
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/build-release.sh scripts/link-order.txt ./scripts/
RUN install -D -m 0755 "$(scripts/build-release.sh)" /out/kedaguard \
    && /out/kedaguard --version

FROM ${RUNTIME_IMAGE}
# A fixed non-root user (the same ids the Deployment sets), no shell login, no home.
RUN groupadd --system --gid 65532 kedaguard \
    && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin kedaguard
COPY --from=build /out/kedaguard /usr/local/bin/kedaguard
# glibc keeps at most 7 freed blocks of each size per thread for reuse; answering one typical
# review frees a few hundred at once, so most went back through malloc's slower bins. 256 per
# size cut the server's CPU per request by about 4 % and left its memory unchanged (BENCHMARKS.md).
ENV GLIBC_TUNABLES=glibc.malloc.tcache_count=256
USER 65532:65532
# Admission (TLS), metrics, probes.
EXPOSE 9443 8080 8081
LABEL org.opencontainers.image.title="kedaguard" \
      org.opencontainers.image.description="Admission webhook and linter for KEDA resources"
ENTRYPOINT ["/usr/local/bin/kedaguard"]
CMD ["serve", "--cert-dir=/etc/kedaguard/tls"]
