// CRC-32 (IEEE 802.3, the ZIP checksum), so the archive writer needs nothing newer than Node 20.0
// (node:zlib's crc32 arrived in 20.15).

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

// The CRC-32 of `bytes`, as an unsigned 32-bit number.
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
