# Parley in one image: the official Deno image, with what main.ts imports cached and islands built
# at image build, running as the image's unprivileged `deno` user (who owns /deno-dir, the cache).
# Only the packages the server imports are installed: the tests' (a browser driver, a mail
# server) stay out, as do tests/ and bench/ (.dockerignore).
FROM denoland/deno:2.9.6

WORKDIR /app
RUN chown deno:deno /app
USER deno

COPY --chown=deno:deno . .
RUN deno install --frozen --entrypoint main.ts framework/build.ts accounts/avatar_worker.ts \
    accounts/password_worker.ts db/pglite_worker.ts files/thumbnail_worker.ts \
  && deno task build \
  && mkdir -p /app/data

# Every interface: the container's own network is the boundary. Docker sets HOSTNAME to the
# container's name, so HOST is what Parley reads; HOSTNAME is set alike so that they agree.
ENV HOST=0.0.0.0 \
    HOSTNAME=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/app/data
EXPOSE 8000
VOLUME ["/app/data"]

HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8000/readyz'); Deno.exit(r.ok ? 0 : 1)"]

# As `deno task start` runs it, garbage collector included (see deno.json).
CMD ["run", "--v8-flags=--single-threaded-gc", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "--allow-sys", "--allow-run=ffmpeg", "main.ts"]
