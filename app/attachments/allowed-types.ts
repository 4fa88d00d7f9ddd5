/**
 * The file types residents may attach: documents and phone photos. Shared by the server, which
 * decides a file's type from its content, and by pages that tell people what they may send.
 */

export const allowedTypes = ["application/pdf", "image/jpeg", "image/png", "image/heic", "image/heif"] as const;
export type AllowedType = (typeof allowedTypes)[number];

export const isAllowedType = (mime: string): mime is AllowedType => (allowedTypes as readonly string[]).includes(mime);

/** The extension a stored file is offered under, whatever its name claimed. */
export const extensionOf: Record<AllowedType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/heic": "heic",
  "image/heif": "heif",
};
