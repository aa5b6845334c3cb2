import { digestAlgorithm, digestOf } from "../../../../grader/oci/digest.js";
import type { RegistryContext } from "../context.js";
import { RegistryError } from "../http/errors.js";
import { type Exchange, noteAudit, send } from "../http/exchange.js";
import { readBody } from "../http/read-body.js";
import { type ParsedManifest, parseManifest } from "../manifest/parse.js";
import { verifyReferences } from "../manifest/verify.js";
import type { ReferrerDescriptor } from "../storage/referrers.js";
import type { ManifestReference } from "../validate/names.js";

interface ManifestRoute {
  readonly name: string;
  readonly reference: ManifestReference;
}

function referrerDescriptor(
  parsed: ParsedManifest,
  digest: ReferrerDescriptor["digest"],
  size: number,
): ReferrerDescriptor {
  return {
    mediaType: parsed.mediaType,
    digest,
    size,
    ...(parsed.artifactType === undefined ? {} : { artifactType: parsed.artifactType }),
    ...(parsed.annotations === undefined ? {} : { annotations: parsed.annotations }),
  };
}

// end-7: PUT /v2/<name>/manifests/<reference> — validates like distribution (parse, mediaType vs Content-Type,
// digest in the URL, referenced blobs and children present), stores the exact bytes and their Content-Type,
// then moves the tag. 201 with Location and Docker-Content-Digest, plus OCI-Subject when there is a subject.
export async function handleManifestPut(ctx: RegistryContext, ex: Exchange, route: ManifestRoute): Promise<void> {
  const { name, reference } = route;
  noteAudit(ex, { kind: "manifest-put", repository: name, reference: reference.tag ?? reference.digest });
  const bytes = await readBody(ex.req, ctx.limits.maxManifestBytes, "MANIFEST_INVALID");
  noteAudit(ex, { bytes: bytes.byteLength });
  const parsed = parseManifest(ex.req.headers["content-type"], bytes);
  const digest = digestOf(bytes, reference.digest ? digestAlgorithm(reference.digest) : "sha256");
  if (reference.digest && reference.digest !== digest) {
    throw new RegistryError("DIGEST_INVALID", "the manifest bytes do not match the digest in the URL", {
      detail: { url: reference.digest, computed: digest },
    });
  }
  noteAudit(ex, { digest });
  const { store } = ctx;
  await store.repoLocks.read(name, async () => {
    await verifyReferences(store, name, parsed);
    await store.blobs.put(digest, bytes);
    if (parsed.subject)
      await store.referrers.add(name, parsed.subject, referrerDescriptor(parsed, digest, bytes.byteLength));
    await store.revisions.put(name, digest, {
      contentType: parsed.mediaType,
      ...(parsed.subject ? { subject: parsed.subject } : {}),
    });
    if (reference.tag) await store.tags.set(name, reference.tag, digest);
  });
  const headers: Record<string, string> = {
    Location: `${ex.origin}/v2/${name}/manifests/${digest}`,
    "Docker-Content-Digest": digest,
  };
  if (parsed.subject) headers["OCI-Subject"] = parsed.subject;
  send(ex, 201, headers);
}
