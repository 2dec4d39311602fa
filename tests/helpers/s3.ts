/**
 * A local S3-compatible server (s3rver, from the npm registry) with a bucket for Parley, started
 * and stopped by the test that needs it; `env` points Parley at it.
 */
import S3rver from "s3rver";

export interface TestS3 extends AsyncDisposable {
  env: Record<string, string>;
  /** Where s3rver keeps the bucket's objects, to look at them. */
  directory: string;
}

export async function startS3(): Promise<TestS3> {
  const directory = await Deno.makeTempDir({ prefix: "parley-s3-" });
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    directory,
    silent: true,
    configureBuckets: [{ name: "parley" }],
  });
  const { port } = await server.run();
  return {
    directory,
    env: {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: "parley",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    },
    async [Symbol.asyncDispose]() {
      await server.close();
      await Deno.remove(directory, { recursive: true });
    },
  };
}
