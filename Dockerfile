# Parley in one image: the official Deno image, with dependencies cached and islands built at
# image build, running as the image's unprivileged `deno` user (who owns /deno-dir, the cache).
FROM denoland/deno:2.9.6

WORKDIR /app
RUN chown deno:deno /app
USER deno

# Dependencies first, so that a code change does not download them again.
COPY --chown=deno:deno deno.json deno.lock ./
RUN deno install --frozen

COPY --chown=deno:deno . .
RUN deno task build && deno cache main.ts && mkdir -p /app/data

# Docker sets HOSTNAME to the container's name; Parley must listen on every interface.
ENV HOSTNAME=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/app/data
EXPOSE 8000
VOLUME ["/app/data"]

HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8000/readyz'); Deno.exit(r.ok ? 0 : 1)"]

# As `deno task start` runs it, garbage collector included (see deno.json).
CMD ["run", "--v8-flags=--single-threaded-gc", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "--allow-sys", "main.ts"]
