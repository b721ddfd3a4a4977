import { newId } from "@/db/ids";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a caller's or proxy's request id when it looks sane, otherwise mints one. */
export function resolveRequestId(incoming: string | null | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : newId("request");
}
