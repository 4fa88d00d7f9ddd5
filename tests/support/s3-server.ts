import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

/** An S3-compatible server (s3rver) on a random local port, with one empty bucket. */
export async function startS3Server(bucket: string) {
  const directory = await mkdtemp(path.join(tmpdir(), "ingang-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    /** Options for S3FileStore that reach this server. */
    options: {
      bucket,
      region: "eu-north-1",
      endpoint: `http://127.0.0.1:${port}`,
      // s3rver accepts these fixed test credentials.
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      forcePathStyle: true,
    },
    directory,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
