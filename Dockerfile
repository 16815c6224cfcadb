# Vigil: multi-stage image. Node 24 LTS runs the TypeScript sources directly (type stripping),
# so the runtime stage needs production dependencies only. No embedded database here:
# set MONGODB_URI to MongoDB (see compose.yaml).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The `node` devDependency pins Node 24 for npm scripts on machines with an older system Node;
# the image already is Node 24, so install production dependencies only.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 CONFIG_DIR=/app/config
# Each argon2id hash allocates 19 MiB in a worker thread. glibc raises its mmap threshold after
# the first such buffer is freed, so later ones come from per-thread arenas and stay resident:
# ~90 MB more RSS after a burst of sign-ins (bench/README.md "Memory"). A fixed threshold keeps
# large buffers mmapped, returned to the system when freed. Mapping them afresh for every hash
# costs ~4,900 page faults (+14 ms of CPU per hash, a quarter of the hash rate); transparent huge
# pages for those mappings (hugetlb=1, with the host's THP in `madvise` or `always` mode) bring
# that down to ~10 faults.
ENV MALLOC_MMAP_THRESHOLD_=131072
ENV GLIBC_TUNABLES=glibc.malloc.hugetlb=1
# Sized for a 256 MB container: the live heap stays near 50 MB with 10,000 sessions, but V8 keeps
# whatever it grew during bursts (bench: 429 MB resident with the defaults, 207 MB with these).
# It costs CPU under load (about 1 ms more per refresh grant); raise both with the container's
# memory limit, or drop them where memory is plentiful.
ENV NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=192"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY views ./views
COPY config ./config
RUN mkdir -p /app/outbox && chown -R node:node /app/outbox
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "src/main.ts"]
